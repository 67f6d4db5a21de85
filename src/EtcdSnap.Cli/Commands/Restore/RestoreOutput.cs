using System.Globalization;
using System.Text.Json.Serialization;
using EtcdSnap.Core.Restore;
using EtcdSnap.Formats.Membership;

namespace EtcdSnap.Cli.Commands.Restore;

/// <summary>The <c>-o json|yaml</c> shape of a restore: a contract for scripts (IDs as etcd's hex strings).</summary>
internal sealed record RestoreOutput(
    string Snapshot,
    string? Sha256,
    bool HadTrailer,
    bool TrailerVerified,
    bool PinnedHashMatched,
    string ClusterId,
    string Token,
    IReadOnlyList<RestoreMemberOutput> Members,
    long Revision,
    long? BumpedRevision,
    long TotalKey,
    long KeyRevisions,
    long DbSize,
    string Target,
    bool StorageVersionDropped,
    double DurationSeconds,
    IReadOnlyList<RestoreStepOutput> Steps)
{
    /// <summary>The result in output form.</summary>
    public static RestoreOutput From(RestoreResult r) => new(
        r.SnapshotPath,
        r.Sha256,
        r.HadTrailer,
        r.TrailerVerified,
        r.PinnedHashMatched,
        MemberIds.ToHex(r.ClusterId),
        r.Token,
        [.. r.Members.Select(m => new RestoreMemberOutput(m.Name, m.HexId, m.PeerUrls, m.DataDir is not null, m.DataDir, m.WalDir))],
        r.Revision,
        r.BumpedRevision,
        r.TotalKey,
        r.KeyRevisions,
        r.DbSize,
        TargetName(r.TargetVersion),
        r.StorageVersionDropped,
        Math.Round(r.Duration.TotalSeconds, 3),
        [.. r.Steps.Select(s => new RestoreStepOutput(StepName(s.Step), Math.Round(s.Duration.TotalSeconds, 3)))]);

    /// <summary>The <c>--target-version</c> value, or <c>etcdutl</c> for the default form.</summary>
    public static string TargetName(EtcdTarget? target) => target switch
    {
        EtcdTarget.V34 => "3.4",
        EtcdTarget.V35 => "3.5",
        EtcdTarget.V36 => "3.6",
        _ => "etcdutl",
    };

    /// <summary>Kebab-case step names, stable for scripts.</summary>
    public static string StepName(RestoreStep step) => step switch
    {
        RestoreStep.ResolveCluster => "resolve-cluster",
        RestoreStep.PrepareTargets => "prepare-targets",
        RestoreStep.CheckSnapshot => "check-snapshot",
        RestoreStep.WriteDb => "write-db",
        RestoreStep.VerifyHash => "verify-hash",
        RestoreStep.CopyDb => "copy-db",
        RestoreStep.WriteWalAndSnap => "write-wal-and-snap",
        RestoreStep.Commit => "commit",
        _ => step.ToString().ToLower(CultureInfo.InvariantCulture),
    };
}

/// <summary>One member of the restored cluster.</summary>
internal sealed record RestoreMemberOutput(string Name, string Id, IReadOnlyList<string> PeerUrls, bool Restored, string? DataDir,
    string? WalDir);

/// <summary>One step and its wall time.</summary>
internal sealed record RestoreStepOutput(string Step, double Seconds);

/// <summary>Source-generated (AOT-safe) JSON for the restore verb.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(RestoreOutput))]
internal sealed partial class RestoreJsonContext : JsonSerializerContext;
