using System.Text.Json.Serialization;
using EtcdSnap.Storage.Backups;

namespace EtcdSnap.Cli.Commands.Backup;

/// <summary>`backup -o json`: the new backup's reference and manifest, plus timing and retention.</summary>
internal sealed record BackupCreatedOutput(
    string Reference,
    string Repository,
    double DurationSeconds,
    double CompressionRatio,
    BackupManifest Manifest,
    PruneOutput? Prune,
    TimingsOutput? Timings);

/// <summary>Where a backup's time went (seconds from the start); see <c>BackupTimings</c>.</summary>
/// <param name="SaveSeconds">The snapshot was complete and its sha256 checked.</param>
/// <param name="VerifySeconds">Length of the structure and status check after the save.</param>
/// <param name="StoredSeconds">The manifest was written.</param>
/// <param name="StreamedFraction">Share of the snapshot the repository took while it was still arriving.</param>
internal sealed record TimingsOutput(double SaveSeconds, double VerifySeconds, double StoredSeconds, double StreamedFraction);

/// <summary>`backups prune -o json` (and the retention part of `backup`).</summary>
/// <param name="Policy">The policy as text, e.g. "keep 7 daily, 4 weekly".</param>
/// <param name="DryRun">True when nothing was deleted.</param>
/// <param name="Keep">Backups kept, newest first, with the rules that keep them.</param>
/// <param name="Remove">Backups removed (or, in a dry run, that would be), newest first.</param>
/// <param name="IgnoredIncomplete">Ids of incomplete backups, which retention never counts or deletes.</param>
internal sealed record PruneOutput(
    string Policy,
    bool DryRun,
    IReadOnlyList<RetentionDecision> Keep,
    IReadOnlyList<RetentionDecision> Remove,
    IReadOnlyList<string> IgnoredIncomplete)
{
    public static PruneOutput From(RetentionPolicy policy, PruneResult result) =>
        new(policy.ToString(), result.DryRun, result.Plan.Keep, result.Plan.Remove, [.. result.IgnoredIncomplete.Select(i => i.Id)]);
}

/// <summary>`backups rm -o json`: what was (or, without --yes, would be) deleted.</summary>
internal sealed record RemoveOutput(string Repository, string Id, bool Removed, bool Complete, int Objects, long Size);

/// <summary>Source-generated JSON for the backup verbs.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BackupCreatedOutput))]
[JsonSerializable(typeof(PruneOutput))]
[JsonSerializable(typeof(RemoveOutput))]
internal sealed partial class BackupCliJsonContext : JsonSerializerContext;
