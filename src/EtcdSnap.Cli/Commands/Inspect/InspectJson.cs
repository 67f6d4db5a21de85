using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace EtcdSnap.Cli.Commands.Inspect;

// The JSON contract of `ls`, `get` and `diff` (docs/inspection.md). Field names and order are part of the contract.

/// <summary>One object (or, with --all-keys, other key) as <c>ls</c> and <c>diff</c> print it.</summary>
internal sealed record ObjectJson(
    string Key,
    string? Resource,
    string? Namespace,
    string? Name,
    string? ApiVersion,
    string? Kind,
    string Encoding,
    long Size,
    long CreateRevision,
    long ModRevision,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] EncryptionJson? Encryption = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Problem = null);

/// <summary>The encryption-at-rest prefix of a value.</summary>
internal sealed record EncryptionJson(string? Provider, string? Version, string? KeyName);

/// <summary>A key that is not a Kubernetes object.</summary>
internal sealed record OtherKeyJson(string Key, string Class, string? Note, string Encoding, long Size, long CreateRevision, long ModRevision);

/// <summary><c>ls -o json</c>.</summary>
internal sealed record ListJson(
    long Revision,
    long? CompactRevision,
    IReadOnlyList<ObjectJson> Objects,
    ListTotalsJson Totals,
    SecretsJson Secrets,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<OtherKeyJson>? OtherKeys = null);

/// <summary>Counts of what <c>ls</c> listed.</summary>
internal sealed record ListTotalsJson(
    int Objects,
    long Bytes,
    IReadOnlyList<ResourceTotalJson> ByResource,
    EncodingTotalsJson ByEncoding,
    OtherKeyTotalsJson OtherKeys);

/// <summary>Listed objects per encoding.</summary>
internal sealed record EncodingTotalsJson(int Protobuf, int Json, int Encrypted, int Other);

/// <summary>Keys that are not objects, per class (counted even when not listed).</summary>
internal sealed record OtherKeyTotalsJson(int Internal, int Foreign, int Malformed);

/// <summary>Objects and bytes of one resource in one namespace (namespace null: cluster-scoped).</summary>
internal sealed record ResourceTotalJson(string Resource, string? Namespace, int Objects, long Bytes);

/// <summary>The Secrets of the whole snapshot (filters never apply).</summary>
internal sealed record SecretsJson(int Total, int Encrypted, int Unencrypted);

/// <summary><c>diff -o json</c>.</summary>
internal sealed record DiffJson(
    DiffSideJson Old,
    DiffSideJson New,
    IReadOnlyList<ObjectJson> Added,
    IReadOnlyList<ObjectJson> Removed,
    IReadOnlyList<ChangedJson> Changed,
    IReadOnlyList<ChangedJson> Rewritten,
    DiffTotalsJson Totals);

/// <summary>One side of a diff.</summary>
internal sealed record DiffSideJson(long Revision);

/// <summary>An object in both snapshots: its new state, and what it was.</summary>
internal sealed record ChangedJson(
    string Key,
    string? Resource,
    string? Namespace,
    string? Name,
    string? ApiVersion,
    string? Kind,
    string Encoding,
    long Size,
    long CreateRevision,
    long ModRevision,
    bool Recreated,
    ChangedFromJson Old);

/// <summary>The old state of a changed object.</summary>
internal sealed record ChangedFromJson(string? ApiVersion, string? Kind, string Encoding, long Size, long CreateRevision, long ModRevision);

/// <summary>Counts of a diff, in total and per resource and namespace.</summary>
internal sealed record DiffTotalsJson(int Added, int Removed, int Changed, int Rewritten, int Unchanged,
    IReadOnlyList<DiffResourceTotalJson> ByResource);

/// <summary>Changes of one resource in one namespace; resource null for keys that are not objects (--all-keys).</summary>
internal sealed record DiffResourceTotalJson(string? Resource, string? Namespace, int Added, int Removed, int Changed, int Rewritten);

/// <summary>Source-generated serialization for the inspection verbs (Native AOT: no reflection).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(ListJson))]
[JsonSerializable(typeof(DiffJson))]
[JsonSerializable(typeof(JsonObject))]
internal sealed partial class InspectJsonContext : JsonSerializerContext
{
    /// <summary>The context the verbs print with: indented, and non-ASCII text (names, labels) written as it is.</summary>
    public static InspectJsonContext Output { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    });
}
