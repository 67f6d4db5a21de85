using System.Text.Json;

namespace EtcdSnap.Core.Inspection;

/// <summary>
/// Reads the top-level <c>apiVersion</c> and <c>kind</c> of a JSON-stored object with a forward-only reader: nothing
/// but the two strings is allocated, however large the object is.
/// </summary>
internal static class JsonTypeReader
{
    private static readonly JsonReaderOptions s_options = new() { MaxDepth = 256 };

    /// <summary>Scans the whole value (so a truncated or invalid document is noticed) and returns the two fields.</summary>
    /// <exception cref="JsonException">Not a JSON object, or invalid JSON.</exception>
    public static (string? ApiVersion, string? Kind) Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, s_options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("not a JSON object", null, 0, reader.BytesConsumed);
        }

        string? apiVersion = null, kind = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isApiVersion = reader.ValueTextEquals("apiVersion"u8);
            var isKind = reader.ValueTextEquals("kind"u8);
            reader.Read();
            if (reader.TokenType == JsonTokenType.String && (isApiVersion || isKind))
            {
                var text = reader.GetString();
                if (isApiVersion)
                {
                    apiVersion = text;
                }
                else
                {
                    kind = text;
                }
            }
            else
            {
                reader.Skip();
            }
        }

        // Anything after the object (other than whitespace) makes Read throw.
        while (reader.Read())
        {
        }

        return (apiVersion, kind);
    }
}
