namespace EtcdSnap.Etcd;

/// <summary>
/// The connection settings are unusable: a malformed endpoint or duration, a missing or unreadable
/// certificate or key file, <c>--cert</c> without <c>--key</c>. Found before any connection is made.
/// </summary>
/// <remarks>The message is one line naming the setting (<c>--cacert "/x/ca.crt": file not found</c>).
/// It derives from <see cref="ArgumentException"/> so callers can treat it as a usage error.</remarks>
public sealed class EtcdConfigurationException(string message, Exception? inner = null) : ArgumentException(message, inner)
{
    /// <summary>A concrete next step for the user, when there is one.</summary>
    public string? Hint { get; init; }
}
