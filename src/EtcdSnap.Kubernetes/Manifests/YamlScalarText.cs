using System.Globalization;
using System.Text;
using YamlDotNet.Core;

namespace EtcdSnap.Kubernetes.Manifests;

/// <summary>Writes a string as YAML scalar text that every YAML parser Kubernetes uses reads back as that same string.</summary>
internal static class YamlScalarText
{
    // Plain scalars that YAML 1.1 (go-yaml v2, behind sigs.k8s.io/yaml) or 1.2 would resolve to a non-string.
    private static readonly HashSet<string> s_reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", ".inf", "-.inf", "+.inf", ".nan", "=", "<<",
    };

    /// <summary>Formats <paramref name="value"/> in <paramref name="preferred"/> style when that style can carry it,
    /// else double-quoted.</summary>
    public static string Format(string value, ScalarStyle preferred, bool inFlow) => preferred switch
    {
        ScalarStyle.DoubleQuoted => DoubleQuoted(value),
        ScalarStyle.SingleQuoted when value.All(c => !char.IsControl(c)) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'",
        _ => IsPlainSafe(value, inFlow) ? value : DoubleQuoted(value),
    };

    /// <summary>The edit that replaces scalar <paramref name="node"/> with <paramref name="value"/>, keeping its quoting
    /// style where it can carry the value. A block scalar (<c>|</c>, <c>&gt;</c>) becomes double-quoted and keeps the
    /// line break it ended with; an empty value gets a space after its colon.</summary>
    public static TextEdit ReplaceEdit(string text, SourceNode node, string value)
    {
        var start = node.Start;
        var end = node.End;
        var style = node.ScalarStyle;
        if (style is ScalarStyle.Literal or ScalarStyle.Folded)
        {
            style = ScalarStyle.DoubleQuoted;
            while (end > start && text[end - 1] is '\n' or '\r' or ' ')
            {
                end--;
            }
        }

        var formatted = Format(value, style, node.InFlow);
        return new TextEdit(start, end, end == start && start > 0 && text[start - 1] == ':' ? " " + formatted : formatted);
    }

    /// <summary>True when <paramref name="value"/> can be written unquoted and still reads back as this string.
    /// Deliberately conservative: anything doubtful is quoted.</summary>
    public static bool IsPlainSafe(string value, bool inFlow)
    {
        if (value.Length == 0 || s_reserved.Contains(value) || char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]))
        {
            return false;
        }

        if ("-?:,[]{}#&*!|>'\"%@`".Contains(value[0], StringComparison.Ordinal) || char.IsAsciiDigit(value[0])
            || (value[0] is '.' or '+' && value.Length > 1 && char.IsAsciiDigit(value[1])))
        {
            return false; // indicators, and anything number-like (ints, floats, dates, YAML 1.1 sexagesimals)
        }

        if (value.Contains(' ', StringComparison.Ordinal) || value[^1] == ':')
        {
            return false; // spaces are legal in plain scalars, but ": " and " #" are not; quoting them all reads clearer
        }

        foreach (var c in value)
        {
            if (char.IsControl(c) || c is '\u0085' or '\u2028' or '\u2029' or '\uFEFF'
                || (inFlow && c is ',' or '[' or ']' or '{' or '}'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A double-quoted scalar with YAML escapes for quotes, backslashes and control characters.</summary>
    public static string DoubleQuoted(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            _ = c switch
            {
                '"' => sb.Append("\\\""),
                '\\' => sb.Append("\\\\"),
                '\n' => sb.Append("\\n"),
                '\r' => sb.Append("\\r"),
                '\t' => sb.Append("\\t"),
                '\u0085' => sb.Append("\\N"),
                '\u2028' => sb.Append("\\L"),
                '\u2029' => sb.Append("\\P"),
                _ when char.IsControl(c) || c == '\uFEFF' => sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)),
                _ => sb.Append(c),
            };
        }

        return sb.Append('"').ToString();
    }
}
