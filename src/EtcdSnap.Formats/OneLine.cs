using System.Globalization;
using System.Text;

namespace EtcdSnap.Formats;

/// <summary>
/// Keeps error messages on one line (the CLI prints <c>error: …</c> and <c>hint: …</c>, one line each). Three ways,
/// because the text comes from different places: <see cref="Escape"/> for bytes quoted from a file or the keyspace,
/// <see cref="Flatten"/> for a library's multi-line message that is worth reading whole, and <see cref="FirstLine"/>
/// for a message whose first line is the summary and the rest a dump (e.g. an HTTP error body).
/// </summary>
public static class OneLine
{
    /// <summary>Escapes every control character (<c>\n</c>, <c>\r</c>, <c>\t</c> by name, others as <c>\uXXXX</c>), so
    /// nothing from the input can break the line or drive the terminal; everything else is kept.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var sb = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            _ = c switch
            {
                '\n' => sb.Append("\\n"),
                '\r' => sb.Append("\\r"),
                '\t' => sb.Append("\\t"),
                _ when char.IsControl(c) => sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)),
                _ => sb.Append(c),
            };
        }

        return sb.ToString();
    }

    /// <summary>Turns every line break into a space and trims the ends.</summary>
    public static string Flatten(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.ReplaceLineEndings(" ").Trim();
    }

    /// <summary>The text up to its first line break (all of it when there is none).</summary>
    public static string FirstLine(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var nl = text.IndexOfAny(['\r', '\n']);
        return nl < 0 ? text : text[..nl];
    }
}
