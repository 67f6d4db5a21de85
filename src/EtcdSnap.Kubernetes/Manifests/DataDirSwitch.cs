namespace EtcdSnap.Kubernetes.Manifests;

/// <summary>What <see cref="EtcdManifestEditor.SwitchDataDir"/> should point etcd at.</summary>
/// <param name="NewDataDir">The node directory etcd's <c>--data-dir</c> shall resolve to (holding <c>member/</c>), e.g.
/// <c>/var/lib/etcd-from-backup</c>. When <c>--data-dir</c> sits below its mount (say <c>/var/lib/etcd/data</c> under a
/// mount of <c>/var/lib/etcd</c>), this must end with the same part (<c>/var/lib/etcd-restored/data</c>), because the
/// volume's hostPath is what changes.</param>
/// <param name="RestoredFrom">The value of the <see cref="EtcdManifestEditor.RestoredFromAnnotation"/> annotation;
/// see <see cref="EtcdManifestEditor.RestoredFromValue"/>.</param>
public sealed record DataDirSwitch(string NewDataDir, string RestoredFrom)
{
    /// <summary>The node directory <c>--wal-dir</c> shall resolve to. Required when <c>--wal-dir</c> is on its own
    /// volume; not allowed when etcd has no <c>--wal-dir</c>.</summary>
    public string? NewWalDir { get; init; }
}
