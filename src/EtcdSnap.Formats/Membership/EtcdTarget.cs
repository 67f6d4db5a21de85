namespace EtcdSnap.Formats.Membership;

/// <summary>The etcd minor version a restored data directory is meant for; selects the few rules that differ.</summary>
public enum EtcdTarget
{
    /// <summary>etcd 3.4.x (verified here against 3.4.23).</summary>
    V34,

    /// <summary>etcd 3.5.x (from source, v3.5.33).</summary>
    V35,

    /// <summary>etcd 3.6.x (from source, v3.6.14).</summary>
    V36,
}
