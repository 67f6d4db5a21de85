using System.Text.Json.Serialization;

namespace EtcdSnap.Core.Snapshots;

/// <summary>Source-generated JSON for the files Core writes (no reflection: the CLI is a Native AOT binary).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(SnapshotRecord))]
internal sealed partial class CoreJsonContext : JsonSerializerContext;
