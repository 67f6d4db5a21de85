using System.Globalization;
using Azure;

namespace EtcdSnap.Storage.Azure;

public sealed partial class AzureBlobBackupStore
{
    private static bool IsStoreError(Exception e, CancellationToken cancellationToken) =>
        e is RequestFailedException or AggregateException or HttpRequestException or IOException
        || ObjectStoreErrors.IsClientTimeout(e, cancellationToken);

    private StorageUnavailableException Map(Exception e, string action, string key)
    {
        var what = ObjectStoreErrors.Subject(Location, action, key);
        // Azure.Core reports exhausted retries as an AggregateException of the attempts; the last one says most.
        if (e is AggregateException { InnerExceptions.Count: > 0 } aggregate)
        {
            e = aggregate.InnerExceptions[^1];
        }

        return e switch
        {
            RequestFailedException { ErrorCode: "ContainerNotFound" } => ObjectStoreErrors.Permanent(
                $"{Location}: container \"{_container.Name}\" does not exist",
                "create the container, or fix the container name in the repository URL", e),
            RequestFailedException { Status: 401 or 403 } r => ObjectStoreErrors.AccessDenied(what,
                r.ErrorCode ?? r.Status.ToString(CultureInfo.InvariantCulture),
                "check AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_ACCOUNT with AZURE_STORAGE_KEY or AZURE_STORAGE_SAS_TOKEN", e),
            RequestFailedException { Status: > 0 } r => ObjectStoreErrors.ErrorStatus(what, r.ErrorCode, r.Status, r.Message,
                ObjectStoreErrors.IsTransientStatus(r.Status), e),
            _ => ObjectStoreErrors.Unreachable(what, e),
        };
    }
}
