using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using EtcdSnap.Formats;

namespace EtcdSnap.Storage.S3;

public sealed partial class S3BackupStore
{
    /// <summary>True for failures of the store (to be mapped); false for our own cancellation and for bugs.</summary>
    private static bool IsStoreError(Exception e, CancellationToken cancellationToken) =>
        e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException or SocketException
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested); // an HTTP timeout

    /// <summary>One line for the user, marked transient or not, with a hint where there is an obvious next step.</summary>
    private StorageUnavailableException Map(Exception e, string action, string key)
    {
        var what = $"{Location}: {action} \"{key}\"";
        switch (e)
        {
            case AmazonS3Exception s3 when s3.ErrorCode == "NoSuchBucket":
                return new StorageUnavailableException($"{Location}: bucket \"{_bucket}\" does not exist", e)
                {
                    IsTransient = false,
                    Hint = "create the bucket, or fix the bucket name in the repository URL",
                };
            case AmazonServiceException svc when svc.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized
                || svc.ErrorCode is "AccessDenied" or "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "ExpiredToken" or "InvalidToken":
                return new StorageUnavailableException($"{what}: access denied ({svc.ErrorCode ?? svc.StatusCode.ToString()})", e)
                {
                    IsTransient = false,
                    Hint = "check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or AWS_PROFILE, or the instance role) and the bucket policy",
                };
            case AmazonServiceException svc:
                var status = (int)svc.StatusCode;
                return new StorageUnavailableException($"{what}: {svc.ErrorCode ?? "error"} (HTTP {status}): {OneLine.FirstLine(svc.Message)}", e)
                {
                    IsTransient = status is 0 or 408 or 429 or >= 500 || svc.ErrorCode is "SlowDown" or "RequestTimeout",
                };
            case AmazonClientException client when client.Message.Contains("credential", StringComparison.OrdinalIgnoreCase):
                return new StorageUnavailableException($"{what}: no AWS credentials: {OneLine.FirstLine(client.Message)}", e)
                {
                    IsTransient = false,
                    Hint = "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run with an instance role",
                };
            default:
                return new StorageUnavailableException($"{what}: {OneLine.FirstLine(Innermost(e).Message)}", e)
                {
                    IsTransient = true,
                    Hint = "check that the endpoint is reachable from this machine",
                };
        }
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
