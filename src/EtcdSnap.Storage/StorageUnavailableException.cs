namespace EtcdSnap.Storage;

/// <summary>A backup store (directory, S3, Azure) could not be reached or refused a request.</summary>
public sealed class StorageUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>True when retrying later may succeed (network, throttling); false for credentials or missing buckets.</summary>
    public bool IsTransient { get; init; } = true;

    /// <summary>A concrete next step for the user, when there is one.</summary>
    public string? Hint { get; init; }
}
