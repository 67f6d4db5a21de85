using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using EtcdSnap.Formats;

namespace EtcdSnap.Kubernetes.Objects;

/// <summary>Reads apiVersion, kind and metadata of a JSON-stored object with <see cref="JsonDocument"/> (no
/// reflection, Native AOT safe); the whole document is kept for display.</summary>
internal static class JsonObjectDecoder
{
    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = 256 };
    private static readonly UTF8Encoding s_strictUtf8 = new(false, throwOnInvalidBytes: true);

    /// <exception cref="CorruptDataException">Not JSON, not an object, or metadata fields of the wrong type.</exception>
    public static (string ApiVersion, string Kind, ObjectMeta? Metadata, JsonElement Root) Decode(ReadOnlyMemory<byte> value,
        string source)
    {
        // JsonDocument checks UTF-8 only when a string is read (and then throws InvalidOperationException).
        if (!Utf8.IsValid(value.Span))
        {
            throw new CorruptDataException(source, FirstInvalidUtf8(value.Span), "JSON value is not valid UTF-8");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(value, s_options);
        }
        catch (JsonException e)
        {
            throw new CorruptDataException(source, null,
                $"invalid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new CorruptDataException(source, 0, $"JSON value is {root.ValueKind}, not an object");
            }

            var reader = new Reader(source);
            var metadata = root.TryGetProperty("metadata", out var m) && m.ValueKind != JsonValueKind.Null ? reader.Meta(m) : null;
            return (reader.String(root, "apiVersion") ?? "", reader.String(root, "kind") ?? "", metadata, root.Clone());
        }
    }

    private static long? FirstInvalidUtf8(ReadOnlySpan<byte> value)
    {
        try
        {
            _ = s_strictUtf8.GetCharCount(value);
            return null;
        }
        catch (DecoderFallbackException e)
        {
            return e.Index;
        }
    }

    private sealed class Reader(string source)
    {
        public ObjectMeta Meta(JsonElement m)
        {
            Want(m, JsonValueKind.Object, "metadata");
            return new ObjectMeta
            {
                Name = String(m, "name") ?? "",
                GenerateName = String(m, "generateName") ?? "",
                Namespace = String(m, "namespace") ?? "",
                SelfLink = String(m, "selfLink") ?? "",
                Uid = String(m, "uid") ?? "",
                ResourceVersion = String(m, "resourceVersion") ?? "",
                Generation = Int64(m, "generation") ?? 0,
                CreationTimestamp = Time(m, "creationTimestamp"),
                DeletionTimestamp = Time(m, "deletionTimestamp"),
                DeletionGracePeriodSeconds = Int64(m, "deletionGracePeriodSeconds"),
                Labels = Map(m, "labels"),
                Annotations = Map(m, "annotations"),
                OwnerReferences = Items(m, "ownerReferences").Select(Owner).ToList(),
                Finalizers = Items(m, "finalizers").Select(f => Want(f, JsonValueKind.String, "metadata.finalizers[]").GetString()!).ToList(),
            };
        }

        public string? String(JsonElement e, string name) =>
            Get(e, name) is { } v ? Want(v, JsonValueKind.String, name).GetString() : null;

        private OwnerReference Owner(JsonElement o)
        {
            Want(o, JsonValueKind.Object, "metadata.ownerReferences[]");
            return new OwnerReference(String(o, "apiVersion") ?? "", String(o, "kind") ?? "", String(o, "name") ?? "",
                String(o, "uid") ?? "", Bool(o, "controller"), Bool(o, "blockOwnerDeletion"));
        }

        private long? Int64(JsonElement e, string name) => Get(e, name) is { } v
            ? (Want(v, JsonValueKind.Number, name).TryGetInt64(out var n) ? n : throw Bad(name, "is not a 64-bit integer"))
            : null;

        private bool? Bool(JsonElement e, string name) => Get(e, name) is { } v
            ? v.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw Bad(name, $"is {v.ValueKind}, want a boolean"),
            }
            : null;

        private DateTimeOffset? Time(JsonElement e, string name)
        {
            var text = String(e, name);
            if (text is null)
            {
                return null;
            }

            return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
                ? t
                : throw Bad(name, $"\"{text}\" is not an RFC 3339 time");
        }

        private Dictionary<string, string> Map(JsonElement e, string name)
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            if (Get(e, name) is { } v)
            {
                foreach (var p in Want(v, JsonValueKind.Object, name).EnumerateObject())
                {
                    map[p.Name] = Want(p.Value, JsonValueKind.String, $"{name}[{p.Name}]").GetString()!;
                }
            }

            return map;
        }

        private List<JsonElement> Items(JsonElement e, string name) =>
            Get(e, name) is { } v ? [.. Want(v, JsonValueKind.Array, name).EnumerateArray()] : [];

        private static JsonElement? Get(JsonElement e, string name) =>
            e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : null;

        private JsonElement Want(JsonElement v, JsonValueKind kind, string name) =>
            v.ValueKind == kind ? v : throw Bad(name, $"is {v.ValueKind}, want {kind}");

        private CorruptDataException Bad(string name, string problem) =>
            new(source, null, OneLine.Escape($"JSON field {name} {problem}"));
    }
}
