using Azure;
using EtcdSnap.Formats;

namespace EtcdSnap.Storage.Azure;

public sealed partial class AzureBlobBackupStore
{
    private static bool IsStoreError(Exception e, CancellationToken cancellationToken) =>
        e is RequestFailedException or AggregateException or HttpRequestException or IOException
        || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested); // an HTTP timeout

    private StorageUnavailableException Map(Exception e, string action, string key)
    {
        var what = $"{Location}: {action} \"{key}\"";
        // Azure.Core reports exhausted retries as an AggregateException of the attempts; the last one says most.
        if (e is AggregateException { InnerExceptions.Count: > 0 } aggregate)
        {
            e = aggregate.InnerExceptions[^1];
        }

        return e switch
        {
            RequestFailedException { ErrorCode: "ContainerNotFound" } => new StorageUnavailableException(
                $"{Location}: container \"{_container.Name}\" does not exist", e)
            {
                IsTransient = false,
                Hint = "create the container, or fix the container name in the repository URL",
            },
            RequestFailedException { Status: 401 or 403 } r => new StorageUnavailableException(
                $"{what}: access denied ({r.ErrorCode ?? r.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)})", e)
            {
                IsTransient = false,
                Hint = "check AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_ACCOUNT with AZURE_STORAGE_KEY or AZURE_STORAGE_SAS_TOKEN",
            },
            RequestFailedException { Status: > 0 } r => new StorageUnavailableException(
                $"{what}: {r.ErrorCode ?? "error"} (HTTP {r.Status}): {OneLine.FirstLine(r.Message)}", e)
            {
                IsTransient = r.Status is 408 or 429 or >= 500,
            },
            _ => new StorageUnavailableException($"{what}: {OneLine.FirstLine(Innermost(e).Message)}", e)
            {
                IsTransient = true,
                Hint = "check that the endpoint is reachable from this machine",
            },
        };
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
