using EtcdSnap.Formats;
using EtcdSnap.Formats.Protobuf;
using F = EtcdSnap.Kubernetes.Objects.KubernetesProtoFields;

namespace EtcdSnap.Kubernetes.Objects;

/// <summary>
/// A value in kube-apiserver's protobuf storage format: the magic <c>k8s\0</c> followed by a runtime.Unknown that
/// carries the object's apiVersion and kind and its own protobuf bytes (apimachinery
/// <c>pkg/runtime/serializer/protobuf/protobuf.go</c>).
/// </summary>
/// <param name="ApiVersion">TypeMeta apiVersion (<c>v1</c>, <c>apps/v1</c>).</param>
/// <param name="Kind">TypeMeta kind (<c>Pod</c>).</param>
/// <param name="Raw">The object's message (e.g. a v1.Pod), empty when absent.</param>
/// <param name="RawOffset">Offset of <paramref name="Raw"/> within the value, for error messages.</param>
/// <param name="ContentEncoding">runtime.Unknown contentEncoding (normally empty).</param>
/// <param name="ContentType">runtime.Unknown contentType (normally empty).</param>
public sealed record ProtobufEnvelope(string ApiVersion, string Kind, ReadOnlyMemory<byte> Raw, long RawOffset,
    string ContentEncoding, string ContentType)
{
    /// <summary>True when <paramref name="value"/> starts with the <c>k8s\0</c> magic.</summary>
    public static bool HasMagic(ReadOnlySpan<byte> value) => value.StartsWith(F.EnvelopeMagic);

    /// <summary>Decodes the envelope of <paramref name="value"/>.</summary>
    /// <param name="value">The etcd value.</param>
    /// <param name="source">What the value is (usually its etcd key), for error messages.</param>
    /// <exception cref="CorruptDataException">No magic, or the envelope is not a valid runtime.Unknown.</exception>
    public static ProtobufEnvelope Decode(ReadOnlyMemory<byte> value, string source)
    {
        source = OneLine.Escape(source);
        var magic = F.EnvelopeMagic.Length;
        if (!HasMagic(value.Span))
        {
            throw new CorruptDataException(source, 0, "not a Kubernetes protobuf value (no \"k8s\\0\" prefix)");
        }

        var reader = new ProtoReader(value.Span[magic..], source, magic);
        string apiVersion = "", kind = "", contentEncoding = "", contentType = "";
        var raw = ReadOnlyMemory<byte>.Empty;
        long rawOffset = -1;
        var sawTypeMeta = false;
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case F.Unknown.TypeMeta:
                    (apiVersion, kind) = TypeMeta(reader.ReadMessageField(field, wire, "typeMeta"));
                    sawTypeMeta = true;
                    break;
                case F.Unknown.Raw:
                    var payload = reader.ReadBytesField(field, wire, out rawOffset, "raw");
                    raw = value.Slice((int)rawOffset, payload.Length);
                    break;
                case F.Unknown.ContentEncoding:
                    contentEncoding = reader.ReadStringField(field, wire, "contentEncoding");
                    break;
                case F.Unknown.ContentType:
                    contentType = reader.ReadStringField(field, wire, "contentType");
                    break;
                default:
                    reader.SkipField(wire);
                    break;
            }
        }

        if (!sawTypeMeta)
        {
            throw new CorruptDataException(source, magic, "protobuf envelope has no typeMeta");
        }

        return new ProtobufEnvelope(apiVersion, kind, raw, rawOffset, contentEncoding, contentType);
    }

    private static (string ApiVersion, string Kind) TypeMeta(ProtoReader reader)
    {
        string apiVersion = "", kind = "";
        while (reader.TryReadTag(out var field, out var wire))
        {
            switch (field)
            {
                case F.RuntimeTypeMeta.ApiVersion:
                    apiVersion = reader.ReadStringField(field, wire, "typeMeta.apiVersion");
                    break;
                case F.RuntimeTypeMeta.Kind:
                    kind = reader.ReadStringField(field, wire, "typeMeta.kind");
                    break;
                default:
                    reader.SkipField(wire);
                    break;
            }
        }

        return (apiVersion, kind);
    }
}
