using System.Text.Json.Serialization;

namespace EtcdSnap.Cli.Commands.Kv;

/// <summary>One key of `get -o json`. <c>value</c> holds UTF-8 text; binary values come as <c>valueBase64</c> instead.</summary>
internal sealed record KeyValueOutput(
    string Key,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Value,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ValueBase64,
    long CreateRevision,
    long ModRevision,
    long Version,
    long Lease);

/// <summary>`get -o json`.</summary>
internal sealed record GetOutput(long Revision, long Count, bool More, IReadOnlyList<KeyValueOutput> Kvs);

/// <summary>`put`/`del -o json`.</summary>
internal sealed record WriteOutput(long Revision, long? Deleted);

/// <summary>Source-generated JSON for the key-value verbs.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(GetOutput))]
[JsonSerializable(typeof(WriteOutput))]
internal sealed partial class KvJsonContext : JsonSerializerContext;
