namespace EtcdSnap.Etcd;

/// <summary>An etcd member could not be reached or did not answer in time (network, TLS, deadline, stream cut).</summary>
public sealed class EtcdUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>True when retrying later may succeed (refused connection, timeout, leader change);
    /// false for configuration problems that a retry cannot fix (wrong CA, bad client certificate).</summary>
    public bool IsTransient { get; init; } = true;

    /// <summary>A concrete next step for the user, when there is one.</summary>
    public string? Hint { get; init; }
}
