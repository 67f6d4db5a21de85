using EtcdSnap.Core.Restore;

namespace EtcdSnap.Core.ManifestRestore;

/// <summary>What a manifest restore did.</summary>
public sealed record ManifestRestoreResult
{
    /// <summary>The plan that was carried out (or, with <c>--dry-run</c>, would be).</summary>
    public required ManifestRestorePlan Plan { get; init; }

    /// <summary>False for <c>--dry-run</c>: nothing was changed.</summary>
    public required bool Applied { get; init; }

    /// <summary>The native restore's result; null for a dry run.</summary>
    public RestoreResult? Restore { get; init; }

    /// <summary>The kept original manifest (in the backup folder beside the manifests folder).</summary>
    public string? BackupManifest { get; init; }

    /// <summary>The <c>restore.json</c> record beside it.</summary>
    public string? RecordPath { get; init; }

    /// <summary>etcd serving the restored data; null with <c>--no-wait</c> or a dry run.</summary>
    public RestoreHealth? Health { get; init; }

    /// <summary>Control-plane components restarted (<c>--restart-control-plane</c>).</summary>
    public IReadOnlyList<string> ControlPlaneRestarted { get; init; } = [];

    /// <summary>What the operator still has to do, one step per line.</summary>
    public IReadOnlyList<string> NextSteps { get; init; } = [];

    /// <summary>Wall time of the whole operation.</summary>
    public TimeSpan Duration { get; init; }
}
