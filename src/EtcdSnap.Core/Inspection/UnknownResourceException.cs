namespace EtcdSnap.Core.Inspection;

/// <summary>A resource name that matches no resource of the snapshot, or more than one; the user's input is wrong.</summary>
public sealed class UnknownResourceException(string message) : Exception(message)
{
    /// <summary>A concrete next step for the user, when there is one.</summary>
    public string? Hint { get; init; }
}
