using System.Globalization;
using System.Text.Json.Serialization;
using EtcdSnap.Core.ManifestRestore;

namespace EtcdSnap.Cli.Commands.Node;

/// <summary><c>restore --manifest -o json</c>: the plan and what was done (a contract for scripts).</summary>
internal sealed record ManifestRestoreOutput(
    bool Applied,
    string Snapshot,
    string? Sha256,
    long? SnapshotRevision,
    string Manifest,
    string Member,
    string InitialCluster,
    string Token,
    string ClusterId,
    IReadOnlyList<PlannedMemberOutput> Members,
    string CurrentDataDir,
    string NewDataDir,
    string? CurrentWalDir,
    string? NewWalDir,
    ulong Bump,
    string BackupFolder,
    string? BackupManifest,
    IReadOnlyList<string> Changes,
    string Diff,
    HealthOutput? Health,
    IReadOnlyList<string> ControlPlaneRestarted,
    IReadOnlyList<string> NextSteps,
    double DurationSeconds)
{
    public static ManifestRestoreOutput From(ManifestRestoreResult r)
    {
        var p = r.Plan;
        return new(
            r.Applied,
            p.SnapshotName,
            p.SnapshotSha256,
            p.SnapshotRevision,
            p.ManifestPath,
            p.MemberName,
            p.InitialCluster,
            p.Token,
            p.ClusterId,
            [.. p.Members.Select(m => new PlannedMemberOutput(m.Name, m.Id, m.PeerUrls, m.IsLocal))],
            p.CurrentDataDir.HostPath,
            p.NewDataDir,
            p.CurrentWalDir?.HostPath,
            p.NewWalDir,
            p.Bump,
            p.BackupFolder,
            r.BackupManifest,
            [.. p.Edit.Changes.Select(c => c.ToString())],
            p.Edit.UnifiedDiff(),
            r.Health is null ? null : HealthOutput.From(r.Health),
            r.ControlPlaneRestarted,
            r.NextSteps,
            Math.Round(r.Duration.TotalSeconds, 3));
    }
}

/// <summary>A member of the restored cluster.</summary>
internal sealed record PlannedMemberOutput(string Name, string Id, IReadOnlyList<string> PeerUrls, bool Local);

/// <summary>etcd as seen when a wait ended.</summary>
internal sealed record HealthOutput(string Endpoint, long Revision, string ClusterId, string? Leader, IReadOnlyList<string> Members,
    double WaitedSeconds)
{
    public static HealthOutput From(RestoreHealth h) => new(
        h.Endpoint,
        h.Observation.Status.Revision,
        Hex(h.Observation.Status.ClusterId),
        h.Observation.Status.LeaderId == 0 ? null : Hex(h.Observation.Status.LeaderId),
        [.. h.Observation.Members.Select(m => $"{m.Name}={Hex(m.Id)}")],
        Math.Round(h.Waited.TotalSeconds, 3));

    public static string Hex(ulong id) => id.ToString("x", CultureInfo.InvariantCulture);
}

/// <summary><c>rollback -o json</c>.</summary>
internal sealed record RollbackOutput(string Manifest, string RestoredFrom, string KeptAside, string DataDir, string? RestoredDataDirKept,
    HealthOutput? Health, double DurationSeconds)
{
    public static RollbackOutput From(ManifestRollbackResult r) => new(r.ManifestPath, r.RestoredFrom, r.KeptAside, r.DataDir,
        r.Record?.NewDataDir, r.Health is null ? null : HealthOutput.From(r.Health), Math.Round(r.Duration.TotalSeconds, 3));
}

/// <summary>Source-generated JSON for the node verbs.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(ManifestRestoreOutput))]
[JsonSerializable(typeof(RollbackOutput))]
[JsonSerializable(typeof(ClusterRestorePlan))]
internal sealed partial class NodeJsonContext : JsonSerializerContext;
