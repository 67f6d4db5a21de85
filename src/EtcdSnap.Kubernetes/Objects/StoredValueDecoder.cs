using System.Text;
using EtcdSnap.Formats;
using EtcdSnap.Formats.Protobuf;
using F = EtcdSnap.Kubernetes.Objects.KubernetesProtoFields;

namespace EtcdSnap.Kubernetes.Objects;

/// <summary>Decodes an etcd value written by kube-apiserver into a <see cref="StoredObject"/>: detect the encoding,
/// then read the protobuf envelope and ObjectMeta (any kind: metadata is field 1 of every top-level object) or the JSON
/// object. Encrypted values are reported, never decrypted.</summary>
public static class StoredValueDecoder
{
    private const int MaxTextLength = 4096;
    private static readonly UTF8Encoding s_strictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <summary>Decodes <paramref name="value"/>.</summary>
    /// <param name="value">The etcd value.</param>
    /// <param name="source">What it is (usually the etcd key), for error messages.</param>
    /// <exception cref="CorruptDataException">A protobuf or JSON value whose bytes do not decode.</exception>
    public static StoredObject Decode(ReadOnlyMemory<byte> value, string source)
    {
        source = OneLine.Escape(source);
        var format = StoredValueFormat.Detect(value.Span);
        var result = new StoredObject { Format = format, Size = value.Length };
        switch (format.Encoding)
        {
            case StoredValueEncoding.Protobuf:
                var envelope = ProtobufEnvelope.Decode(value, source);
                var (metadata, undecoded) = DecodeObject(envelope.Raw.Span, source, envelope.RawOffset);
                return result with { ApiVersion = envelope.ApiVersion, Kind = envelope.Kind, Metadata = metadata, UndecodedFields = undecoded };
            case StoredValueEncoding.Json:
                var (apiVersion, kind, meta, json) = JsonObjectDecoder.Decode(value, source);
                return result with { ApiVersion = apiVersion, Kind = kind, Metadata = meta, Json = json };
            case StoredValueEncoding.Other:
                return result with { Text = PrintableText(value.Span) };
            default:
                return result;
        }
    }

    /// <summary>Reads an object's own message (runtime.Unknown raw): field 1 as ObjectMeta, every other field listed as
    /// undecoded.</summary>
    /// <exception cref="CorruptDataException">The bytes are not a valid message.</exception>
    internal static (ObjectMeta? Metadata, IReadOnlyList<UndecodedField> Undecoded) DecodeObject(ReadOnlySpan<byte> raw,
        string source, long offset)
    {
        var reader = new ProtoReader(raw, source, offset);
        ObjectMeta? metadata = null;
        var undecoded = new UndecodedField.Collector();
        while (reader.TryReadTag(out var field, out var wire))
        {
            if (field == F.TopLevel.Metadata)
            {
                metadata = ObjectMetaDecoder.Decode(reader.ReadMessageField(field, wire, "metadata"));
            }
            else
            {
                undecoded.Add(field, wire, reader.SkipField(wire));
            }
        }

        return (metadata, undecoded.ToList());
    }

    private static string? PrintableText(ReadOnlySpan<byte> value)
    {
        if (value.Length > MaxTextLength)
        {
            return null;
        }

        try
        {
            var text = s_strictUtf8.GetString(value);
            return text.All(c => !char.IsControl(c) || c is '\n' or '\r' or '\t') ? text : null;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
