using EtcdSnap.Core.Connection;
using EtcdSnap.Etcd;

namespace EtcdSnap.Core.Snapshots;

/// <summary>Input of <see cref="SnapshotSaver.SaveAsync"/>.</summary>
public sealed record SaveRequest
{
    /// <summary>How to reach etcd.</summary>
    public required ConnectionInputs Connection { get; init; }

    /// <summary>The snapshot file to create; null means <c>snapshot-&lt;UTC timestamp&gt;.db</c> in <see cref="WorkingDirectory"/>.</summary>
    public string? TargetPath { get; init; }

    /// <summary>Where a default target goes; the process's current directory when null.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Write the <c>FILE.json</c> sidecar (the default).</summary>
    public bool WriteSidecar { get; init; } = true;

    /// <summary>Stall limit, progress interval and a tap on the bytes as they are written; null for the defaults.</summary>
    public SnapshotDownloadOptions? Download { get; init; }

    /// <summary>The clock, for the default file name and the sidecar's time.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
