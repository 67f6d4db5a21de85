using EtcdSnap.Formats.Protobuf;
using F = EtcdSnap.Kubernetes.Objects.KubernetesProtoFields;

namespace EtcdSnap.Kubernetes.Objects;

/// <summary>Protobuf maps written the way Kubernetes' gogo-generated marshallers write them: one entry message
/// {key = 1, value = 2} per pair, sorted by key with ordinal comparison (Go's <c>sort.Strings</c>).</summary>
internal static class ProtoWriterMaps
{
    /// <summary>A <c>map&lt;string,string&gt;</c>; nothing for a null or empty map.</summary>
    public static ProtoWriter WriteStringMap(this ProtoWriter writer, int field, IReadOnlyDictionary<string, string>? map)
    {
        foreach (var (key, value) in (map ?? new Dictionary<string, string>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WriteMessage(field, e => e.WriteString(F.MapEntry.Key, key).WriteString(F.MapEntry.Value, value));
        }

        return writer;
    }

    /// <summary>A <c>map&lt;string,bytes&gt;</c>, sorted like <see cref="WriteStringMap"/>.</summary>
    public static ProtoWriter WriteBytesMap(this ProtoWriter writer, int field, IReadOnlyDictionary<string, byte[]>? map)
    {
        foreach (var (key, value) in (map ?? new Dictionary<string, byte[]>()).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            writer.WriteMessage(field, e => e.WriteString(F.MapEntry.Key, key).WriteBytes(F.MapEntry.Value, value));
        }

        return writer;
    }
}
