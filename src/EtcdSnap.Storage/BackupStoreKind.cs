namespace EtcdSnap.Storage;

/// <summary>Which kind of object store a <see cref="BackupStoreUrl"/> names.</summary>
public enum BackupStoreKind
{
    /// <summary>A directory on this machine: <c>file:///var/backups/etcd</c> or a plain path.</summary>
    Local,

    /// <summary>An S3 bucket or an S3-compatible store: <c>s3://bucket/prefix</c>.</summary>
    S3,

    /// <summary>An Azure Blob Storage container: <c>azblob://container/prefix</c>.</summary>
    AzureBlob,
}
