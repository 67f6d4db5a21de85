namespace EtcdSnap.Core.Node;

/// <summary>Settings of a <see cref="LocalKubelet"/>.</summary>
public sealed record LocalKubeletOptions
{
    /// <summary>The folder that plays the node's <c>/</c>: hostPath volumes resolve under it.</summary>
    public required string Root { get; init; }

    /// <summary>The static pod folder; <c>ROOT/etc/kubernetes/manifests</c> when null.</summary>
    public string? ManifestsDirectory { get; init; }

    /// <summary>The node name, the suffix of mirror pod names (<c>etcd-controlplane</c>).</summary>
    public string NodeName { get; init; } = "controlplane";

    /// <summary>The etcd binary that runs for a container whose program is <c>etcd</c>; found on PATH when null.</summary>
    public string? EtcdBinary { get; init; }

    /// <summary>How often the folder is read. The kubelet also reacts to inotify; polling is simpler and fast enough.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long a container has between SIGTERM and SIGKILL (the kubelet's default grace period is 30s).</summary>
    public TimeSpan GracePeriod { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The first restart delay after a container exits on its own; it doubles up to
    /// <see cref="MaxRestartBackoff"/>. (The kubelet uses 10s doubling to 5 minutes; a demo cannot wait that long.)</summary>
    public TimeSpan RestartBackoff { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest restart delay.</summary>
    public TimeSpan MaxRestartBackoff { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Called for every event, on the kubelet's own thread; keep it quick.</summary>
    public Action<KubeletEvent>? OnEvent { get; init; }
}
