using System.Text.Json;
using EtcdSnap.Kubernetes.Objects;

namespace EtcdSnap.Core.Inspection;

/// <summary>
/// The names a CustomResourceDefinition in the snapshot gives its resource (<c>spec.group</c>, <c>spec.names</c>,
/// <c>spec.scope</c>), so <c>get</c> and <c>--resource</c> accept the same words kubectl would for it.
/// </summary>
/// <param name="Group">spec.group.</param>
/// <param name="Plural">spec.names.plural: the resource, and with the group the key prefix.</param>
/// <param name="Singular">spec.names.singular (may be empty).</param>
/// <param name="Kind">spec.names.kind.</param>
/// <param name="ShortNames">spec.names.shortNames.</param>
/// <param name="Scope">spec.scope.</param>
internal sealed record CustomResourceNames(string Group, string Plural, string Singular, string Kind, IReadOnlyList<string> ShortNames,
    ResourceScope Scope)
{
    /// <summary>Reads the names from a CRD stored as JSON; null when the value is not a usable CRD.</summary>
    public static CustomResourceNames? TryRead(ReadOnlySpan<byte> json)
    {
        try
        {
            return Read(json);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static CustomResourceNames? Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 256 });
        string group = "", plural = "", singular = "", kind = "", scope = "";
        var shortNames = new List<string>();
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        while (NextProperty(ref reader, out var name))
        {
            if (name == "spec" && reader.TokenType == JsonTokenType.StartObject)
            {
                while (NextProperty(ref reader, out var field))
                {
                    switch (field)
                    {
                        case "group": group = String(ref reader); break;
                        case "scope": scope = String(ref reader); break;
                        case "names" when reader.TokenType == JsonTokenType.StartObject:
                            ReadNames(ref reader, ref plural, ref singular, ref kind, shortNames);
                            break;
                        default: reader.Skip(); break;
                    }
                }
            }
            else
            {
                reader.Skip();
            }
        }

        if (group.Length == 0 || plural.Length == 0)
        {
            return null;
        }

        var resourceScope = scope switch
        {
            "Namespaced" => ResourceScope.Namespaced,
            "Cluster" => ResourceScope.Cluster,
            _ => ResourceScope.Unknown,
        };
        return new CustomResourceNames(group, plural, singular, kind, shortNames, resourceScope);
    }

    private static void ReadNames(ref Utf8JsonReader reader, ref string plural, ref string singular, ref string kind, List<string> shortNames)
    {
        while (NextProperty(ref reader, out var field))
        {
            switch (field)
            {
                case "plural": plural = String(ref reader); break;
                case "singular": singular = String(ref reader); break;
                case "kind": kind = String(ref reader); break;
                case "shortNames" when reader.TokenType == JsonTokenType.StartArray:
                    while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    {
                        if (reader.TokenType == JsonTokenType.String)
                        {
                            shortNames.Add(reader.GetString()!);
                        }
                        else
                        {
                            reader.Skip();
                        }
                    }

                    break;
                default: reader.Skip(); break;
            }
        }
    }

    /// <summary>Moves to the next property of the current object and onto its value; false at the object's end.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader, out string name)
    {
        name = "";
        if (!reader.Read() || reader.TokenType != JsonTokenType.PropertyName)
        {
            return false;
        }

        name = reader.GetString()!;
        reader.Read();
        return true;
    }

    private static string String(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString()!;
        }

        reader.Skip();
        return "";
    }
}
