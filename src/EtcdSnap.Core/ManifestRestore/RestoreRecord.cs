using System.Text.Json.Serialization;

namespace EtcdSnap.Core.ManifestRestore;

/// <summary>
/// What a manifest restore changed, written as <c>restore.json</c> beside the kept manifest in the backup folder, so
/// that a person (or <c>rollback</c>) can tell later what happened.
/// </summary>
/// <param name="Snapshot">The snapshot restored (full path, or <c>REPO_URL#ID</c> for a backup).</param>
/// <param name="Sha256">SHA-256 of its db bytes.</param>
/// <param name="SnapshotRevision">The snapshot's latest revision.</param>
/// <param name="StartRevision">The revision etcd starts at (after the bump).</param>
/// <param name="Manifest">The manifest that was switched.</param>
/// <param name="PreviousDataDir">The data dir etcd ran on before (node path; untouched).</param>
/// <param name="NewDataDir">The restored data dir (node path).</param>
/// <param name="PreviousWalDir">The previous WAL dir, when separate.</param>
/// <param name="NewWalDir">The restored WAL dir, when separate.</param>
/// <param name="Members">The restored cluster's members, <c>name=id</c>.</param>
/// <param name="ClusterId">The restored cluster's ID.</param>
/// <param name="CreatedUtc">When the manifest was switched.</param>
/// <param name="ToolVersion">The etcdsnap version.</param>
public sealed record RestoreRecord(
    string Snapshot,
    string? Sha256,
    long SnapshotRevision,
    long StartRevision,
    string Manifest,
    string PreviousDataDir,
    string NewDataDir,
    string? PreviousWalDir,
    string? NewWalDir,
    IReadOnlyList<string> Members,
    string ClusterId,
    DateTimeOffset CreatedUtc,
    string ToolVersion)
{
    /// <summary>The file name in the backup folder.</summary>
    public const string FileName = "restore.json";
}

/// <summary>Source-generated JSON for <see cref="RestoreRecord"/> (the CLI is a Native AOT binary).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(RestoreRecord))]
internal sealed partial class RestoreRecordJsonContext : JsonSerializerContext;
