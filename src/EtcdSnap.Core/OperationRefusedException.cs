namespace EtcdSnap.Core;

/// <summary>A safety precondition blocked the operation: a target exists, a manifest is not etcd's, a pinned hash differs.</summary>
/// <remarks>Nothing was changed when this is thrown.</remarks>
public sealed class OperationRefusedException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>A concrete next step for the user, when there is one.</summary>
    public string? Hint { get; init; }
}
