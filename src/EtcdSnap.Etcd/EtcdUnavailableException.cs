namespace EtcdSnap.Etcd;

/// <summary>An etcd member could not be reached or did not answer in time (network, TLS, deadline, stream cut).</summary>
/// <remarks>The message is one line that names the endpoint and the cause, e.g.
/// <c>127.0.0.1:2379: connection refused</c>.</remarks>
public sealed class EtcdUnavailableException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>True when retrying later may succeed (refused connection, timeout, leader change);
    /// false for configuration problems that a retry cannot fix (wrong CA, bad client certificate).</summary>
    public bool IsTransient { get; init; } = true;

    /// <summary>A concrete next step for the user, when there is one.</summary>
    public string? Hint { get; init; }

    /// <summary>The endpoint as the user wrote it, when the failure concerns one endpoint.</summary>
    public string? Endpoint { get; init; }
}
