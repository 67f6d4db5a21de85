namespace EtcdSnap.Core;

/// <summary>A restore was applied (data dir written, manifest switched) but etcd did not come back healthy in time.</summary>
/// <remarks>The previous manifest and data dir are kept; the hint says how to roll back.</remarks>
public sealed class RestoreNotHealthyException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>A concrete next step for the user, usually the rollback command.</summary>
    public string? Hint { get; init; }
}
