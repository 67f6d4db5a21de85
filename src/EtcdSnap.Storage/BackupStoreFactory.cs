using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using EtcdSnap.Storage.Azure;
using EtcdSnap.Storage.Local;
using EtcdSnap.Storage.S3;
using AzureBlobs = global::Azure.Storage.Blobs;

namespace EtcdSnap.Storage;

/// <summary>Opens the store a <see cref="BackupStoreUrl"/> names, with credentials from the environment (docs/storage.md).</summary>
public static class BackupStoreFactory
{
    /// <summary>Creates the store. No request is made: bad credentials or endpoints surface on first use.</summary>
    /// <exception cref="StorageUnavailableException">No usable credentials for an Azure URL (non-transient, with a hint).</exception>
    public static IBackupStore Create(BackupStoreUrl url, BackupStoreOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(url);
        options ??= new BackupStoreOptions();
        var location = url.ToString();
        return url.Kind switch
        {
            BackupStoreKind.Local => new LocalDirectoryStore(url.Container),
            BackupStoreKind.S3 => new S3BackupStore(CreateS3Client(url, options.Environment), url.Container, url.Prefix, location,
                options.PartSize ?? S3BackupStore.DefaultPartSize),
            _ => new AzureBlobBackupStore(CreateAzureContainer(url, options.Environment), url.Prefix, location,
                options.PartSize ?? AzureBlobBackupStore.DefaultBlockSize),
        };
    }

    /// <summary>
    /// An S3 client for <paramref name="url"/>. Credentials: AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN)
    /// when set, else the SDK's default chain (AWS_PROFILE and ~/.aws, web identity / IRSA, ECS, EC2 instance role).
    /// Region: the URL's, else AWS_REGION, else AWS_DEFAULT_REGION, else us-east-1. Endpoint: the URL's, else
    /// AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL, else AWS.
    /// </summary>
    internal static AmazonS3Client CreateS3Client(BackupStoreUrl url, Func<string, string?> environment)
    {
        string? Env(string name) => environment(name) is { Length: > 0 } v ? v : null;
        var region = url.Region ?? Env("AWS_REGION") ?? Env("AWS_DEFAULT_REGION") ?? "us-east-1";
        var endpoint = url.Endpoint?.OriginalString ?? Env("AWS_ENDPOINT_URL_S3") ?? Env("AWS_ENDPOINT_URL");
        var config = new AmazonS3Config();
        if (endpoint is not null)
        {
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = region;
            config.ForcePathStyle = url.PathStyle ?? true;
            // Most S3-compatible servers do not speak the SDK's default flexible checksums (aws-chunked trailers).
            // Our integrity does not depend on them: every backup carries a sha256 and, encrypted, GCM tags.
            config.RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED;
            config.ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
            config.ForcePathStyle = url.PathStyle ?? false;
        }

        var accessKey = Env("AWS_ACCESS_KEY_ID");
        var secretKey = Env("AWS_SECRET_ACCESS_KEY");
        if (accessKey is not null && secretKey is not null)
        {
            AWSCredentials credentials = Env("AWS_SESSION_TOKEN") is { } token
                ? new SessionAWSCredentials(accessKey, secretKey, token)
                : new BasicAWSCredentials(accessKey, secretKey);
            return new AmazonS3Client(credentials, config);
        }

        return new AmazonS3Client(config);
    }

    /// <summary>
    /// A container client for <paramref name="url"/>. Credentials, first match wins: AZURE_STORAGE_CONNECTION_STRING;
    /// AZURE_STORAGE_ACCOUNT with AZURE_STORAGE_KEY; AZURE_STORAGE_ACCOUNT with AZURE_STORAGE_SAS_TOKEN. Endpoint: the
    /// URL's, else the connection string's, else https://ACCOUNT.blob.core.windows.net.
    /// </summary>
    internal static AzureBlobs.BlobContainerClient CreateAzureContainer(BackupStoreUrl url, Func<string, string?> environment)
    {
        string? Env(string name) => environment(name) is { Length: > 0 } v ? v : null;
        var options = new AzureBlobs.BlobClientOptions();
        options.Retry.MaxRetries = 3;
        options.Retry.NetworkTimeout = TimeSpan.FromMinutes(2);
        var connectionString = Env("AZURE_STORAGE_CONNECTION_STRING");
        var account = Env("AZURE_STORAGE_ACCOUNT");
        var key = Env("AZURE_STORAGE_KEY");
        var sas = Env("AZURE_STORAGE_SAS_TOKEN");
        AzureBlobs.BlobServiceClient service;
        if (connectionString is not null && url.Endpoint is null)
        {
            service = new AzureBlobs.BlobServiceClient(connectionString, options);
        }
        else
        {
            account ??= connectionString is null ? null : ConnectionStringValue(connectionString, "AccountName");
            key ??= connectionString is null ? null : ConnectionStringValue(connectionString, "AccountKey");
            if (account is null || (key is null && sas is null))
            {
                throw new StorageUnavailableException($"{url}: no Azure credentials")
                {
                    IsTransient = false,
                    Hint = "set AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_ACCOUNT with AZURE_STORAGE_KEY or AZURE_STORAGE_SAS_TOKEN",
                };
            }

            var endpoint = url.Endpoint ?? new Uri($"https://{account}.blob.core.windows.net");
            service = key is not null
                ? new AzureBlobs.BlobServiceClient(endpoint, new global::Azure.Storage.StorageSharedKeyCredential(account, key), options)
                : new AzureBlobs.BlobServiceClient(endpoint, new global::Azure.AzureSasCredential(sas!), options);
        }

        return service.GetBlobContainerClient(url.Container);
    }

    private static string? ConnectionStringValue(string connectionString, string name)
    {
        foreach (var part in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && part[..eq].Trim().Equals(name, StringComparison.OrdinalIgnoreCase))
            {
                return part[(eq + 1)..].Trim();
            }
        }

        return null;
    }
}
