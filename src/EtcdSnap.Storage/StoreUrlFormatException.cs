namespace EtcdSnap.Storage;

/// <summary>A repository URL or a <c>REPO_URL#ID</c> reference the user gave is malformed.</summary>
/// <remarks>A usage error: the message is one line naming the input and what is wrong with it.</remarks>
public sealed class StoreUrlFormatException(string message) : FormatException(message)
{
    /// <summary>A concrete next step for the user, when there is one.</summary>
    public string? Hint { get; init; }
}
