namespace EtcdSnap.Formats.Membership;

/// <summary>
/// The cluster configuration given for a restore (<c>--name</c>, <c>--initial-cluster</c>,
/// <c>--initial-advertise-peer-urls</c>, <c>--initial-cluster-token</c>) is invalid. The message is etcd's where etcd
/// has one, so that users can search for it.
/// </summary>
public sealed class ClusterConfigurationException : Exception
{
    /// <summary>Creates the exception with a one-line message.</summary>
    public ClusterConfigurationException(string message)
        : base(message)
    {
    }

    /// <summary>A concrete next step for the user, when there is one.</summary>
    public string? Hint { get; init; }
}
