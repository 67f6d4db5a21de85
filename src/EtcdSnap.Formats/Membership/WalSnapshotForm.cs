namespace EtcdSnap.Formats.Membership;

/// <summary>The two forms of the final WAL snapshot record written by etcd's restore.</summary>
public enum WalSnapshotForm
{
    /// <summary><c>walpb.Snapshot{index N, term 1}</c>: etcdctl 3.4 (its walpb has no conf_state field).</summary>
    WithoutConfState,

    /// <summary><c>walpb.Snapshot{index N, term 1, conf_state}</c>: etcdutl 3.5/3.6, which refuse to write the other form.</summary>
    WithConfState,
}
