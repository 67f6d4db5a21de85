using System.Text.Json.Serialization;
using EtcdSnap.Storage.Backups;

namespace EtcdSnap.Core.Backups;

/// <summary>Source-generated (reflection-free) JSON for the backup views the CLI prints and the agent serves.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BackupListView))]
[JsonSerializable(typeof(BackupManifest))]
public sealed partial class BackupJsonContext : JsonSerializerContext;
