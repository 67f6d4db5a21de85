using System.Buffers;
using System.Text.Json;
using EtcdSnap.Formats;
using EtcdSnap.Kubernetes.Objects;

namespace EtcdSnap.Core.Inspection;

/// <summary>
/// Reads the encoding and TypeMeta of values during the replay without keeping them: protobuf envelopes are decoded
/// from one pooled scratch buffer, JSON objects are scanned with <see cref="Utf8JsonReader"/> (no document built).
/// Strings that repeat across keys (<c>v1</c>, <c>Pod</c>) are stored once.
/// </summary>
internal sealed class ValueProbe : IDisposable
{
    private readonly Dictionary<string, string> _strings = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StoredValueFormat> _encryptions = new(StringComparer.Ordinal);
    private byte[] _scratch = [];

    /// <summary>The encoding only (and the encryption prefix): a look at the first bytes.</summary>
    public ValueFacts Encoding(ReadOnlySpan<byte> value)
    {
        var format = StoredValueFormat.Detect(value);
        return new ValueFacts(format.Encoding, null, null, format.Encoding == StoredValueEncoding.Encrypted ? Intern(format) : null, null);
    }

    /// <summary>The encoding and, for protobuf and JSON objects, apiVersion and kind.</summary>
    public ValueFacts TypeOf(ReadOnlySpan<byte> value)
    {
        var facts = Encoding(value);
        return facts.Encoding switch
        {
            StoredValueEncoding.Protobuf => Protobuf(value, facts),
            StoredValueEncoding.Json => Json(value, facts),
            _ => facts,
        };
    }

    private ValueFacts Protobuf(ReadOnlySpan<byte> value, ValueFacts facts)
    {
        // ProtobufEnvelope works on memory; one pooled buffer, grown to the largest value seen, serves every value.
        if (_scratch.Length < value.Length)
        {
            ReturnScratch();
            _scratch = ArrayPool<byte>.Shared.Rent(value.Length);
        }

        value.CopyTo(_scratch);
        try
        {
            var envelope = ProtobufEnvelope.Decode(_scratch.AsMemory(0, value.Length), "value");
            return facts with { ApiVersion = Intern(envelope.ApiVersion), Kind = Intern(envelope.Kind) };
        }
        catch (CorruptDataException e)
        {
            return facts with { Problem = Intern($"protobuf envelope does not decode at offset {e.Offset}: {e.Reason}") };
        }
    }

    private ValueFacts Json(ReadOnlySpan<byte> value, ValueFacts facts)
    {
        try
        {
            var (apiVersion, kind) = JsonTypeReader.Read(value);
            return facts with { ApiVersion = Intern(apiVersion), Kind = Intern(kind) };
        }
        catch (JsonException e)
        {
            return facts with { Problem = Intern($"invalid JSON at byte {e.BytePositionInLine + 1} of line {e.LineNumber + 1}") };
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader.GetString on invalid UTF-8.
            return facts with { Problem = "JSON value is not valid UTF-8" };
        }
    }

    private string? Intern(string? s)
    {
        if (s is null)
        {
            return null;
        }

        if (_strings.TryGetValue(s, out var known))
        {
            return known;
        }

        _strings[s] = s;
        return s;
    }

    private StoredValueFormat Intern(StoredValueFormat format)
    {
        var id = format.Description;
        if (_encryptions.TryGetValue(id, out var known))
        {
            return known;
        }

        _encryptions[id] = format;
        return format;
    }

    private void ReturnScratch()
    {
        if (_scratch.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(_scratch);
            _scratch = [];
        }
    }

    public void Dispose() => ReturnScratch();
}
