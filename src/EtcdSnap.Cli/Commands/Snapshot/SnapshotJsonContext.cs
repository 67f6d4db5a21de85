using System.Text.Json.Serialization;
using EtcdSnap.Core.Snapshots;

namespace EtcdSnap.Cli.Commands.Snapshot;

/// <summary>`status -o json`: etcdctl's field names (<c>hash</c> in decimal), plus <c>version</c> with 3.6 semantics.</summary>
internal sealed record StatusOutput(
    uint Hash,
    long Revision,
    long TotalKey,
    long TotalSize,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Version);

/// <summary>`verify -o json`.</summary>
internal sealed record VerifyOutput(
    string File,
    long Size,
    string Trailer,
    string? Sha256,
    StatusOutput? Status,
    int StructureProblems,
    IReadOnlyList<string> Problems,
    bool Restorable);

/// <summary>Source-generated JSON for the snapshot verbs.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(SnapshotRecord))]
[JsonSerializable(typeof(StatusOutput))]
[JsonSerializable(typeof(VerifyOutput))]
internal sealed partial class SnapshotJsonContext : JsonSerializerContext;
