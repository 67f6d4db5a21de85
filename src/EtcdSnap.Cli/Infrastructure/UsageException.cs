namespace EtcdSnap.Cli.Infrastructure;

/// <summary>Flags or arguments that parse but do not make sense together; exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message)
{
    /// <summary>A concrete next step for the user, when there is one.</summary>
    public string? Hint { get; init; }
}
