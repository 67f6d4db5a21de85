namespace EtcdSnap.Formats.Snapshot;

/// <summary>Which etcd release's <c>snapshot status</c> numbers to reproduce.</summary>
public enum StatusSemantics
{
    /// <summary>
    /// <c>etcdctl</c> 3.4 / <c>etcdutl</c> 3.5: TotalKey counts every entry of every bucket; no version.
    /// Verified against etcdctl 3.4.23.
    /// </summary>
    Etcd34,

    /// <summary>
    /// <c>etcdutl</c> 3.6: TotalKey counts distinct live user keys; Version is <c>meta/storageVersion</c>
    /// (etcd PR #19344). Implemented from the source only: no 3.6 binary was available to compare with.
    /// </summary>
    Etcd36,
}
