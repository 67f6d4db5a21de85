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
        || ObjectStoreErrors.IsClientTimeout(e, cancellationToken);

    /// <summary>One line for the user, marked transient or not, with a hint where there is an obvious next step.</summary>
    private StorageUnavailableException Map(Exception e, string action, string key)
    {
        var what = ObjectStoreErrors.Subject(Location, action, key);
        switch (e)
        {
            case AmazonS3Exception s3 when s3.ErrorCode == "NoSuchBucket":
                return ObjectStoreErrors.Permanent($"{Location}: bucket \"{_bucket}\" does not exist",
                    "create the bucket, or fix the bucket name in the repository URL", e);
            case AmazonServiceException svc when svc.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized
                || svc.ErrorCode is "AccessDenied" or "InvalidAccessKeyId" or "SignatureDoesNotMatch" or "ExpiredToken" or "InvalidToken":
                return ObjectStoreErrors.AccessDenied(what, svc.ErrorCode ?? svc.StatusCode.ToString(),
                    "check AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or AWS_PROFILE, or the instance role) and the bucket policy", e);
            case AmazonServiceException svc:
                var status = (int)svc.StatusCode;
                return ObjectStoreErrors.ErrorStatus(what, svc.ErrorCode, status, svc.Message,
                    status == 0 || ObjectStoreErrors.IsTransientStatus(status) || svc.ErrorCode is "SlowDown" or "RequestTimeout", e);
            case AmazonClientException client when client.Message.Contains("credential", StringComparison.OrdinalIgnoreCase):
                return ObjectStoreErrors.Permanent($"{what}: no AWS credentials: {OneLine.FirstLine(client.Message)}",
                    "set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run with an instance role", e);
            default:
                return ObjectStoreErrors.Unreachable(what, e);
        }
    }
}
