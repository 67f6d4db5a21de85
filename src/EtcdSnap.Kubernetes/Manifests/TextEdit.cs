using System.Diagnostics;
using System.Text;

namespace EtcdSnap.Kubernetes.Manifests;

/// <summary>Replace the characters <c>[Start, End)</c> of a text with <see cref="Replacement"/> (an insertion when they
/// are equal).</summary>
internal readonly record struct TextEdit(int Start, int End, string Replacement)
{
    /// <summary>Applies non-overlapping edits; everything outside them is copied unchanged.</summary>
    public static string Apply(string text, IEnumerable<TextEdit> edits)
    {
        var sb = new StringBuilder(text.Length + 128);
        var at = 0;
        foreach (var e in edits.OrderBy(e => e.Start).ThenBy(e => e.End))
        {
            Debug.Assert(e.Start >= at && e.End >= e.Start && e.End <= text.Length, "edits overlap or leave the text");
            sb.Append(text, at, e.Start - at).Append(e.Replacement);
            at = e.End;
        }

        return sb.Append(text, at, text.Length - at).ToString();
    }
}

/// <summary>Line arithmetic on source text, aware of <c>\r\n</c>.</summary>
internal static class SourceLines
{
    /// <summary>The line break the file uses: <c>\r\n</c> if its first line ends that way, else <c>\n</c>.</summary>
    public static string NewLine(string text)
    {
        var lf = text.IndexOf('\n', StringComparison.Ordinal);
        return lf > 0 && text[lf - 1] == '\r' ? "\r\n" : "\n";
    }

    /// <summary>Index of the first character of the line holding <paramref name="index"/>.</summary>
    public static int LineStart(string text, int index)
    {
        var lf = index == 0 ? -1 : text.LastIndexOf('\n', Math.Min(index, text.Length) - 1);
        return lf + 1;
    }

    /// <summary>Index of the line break (or end of text) ending the line holding <paramref name="index"/>.</summary>
    public static int LineEnd(string text, int index)
    {
        var lf = text.IndexOf('\n', index);
        var end = lf < 0 ? text.Length : lf;
        return end > index && text[end - 1] == '\r' ? end - 1 : end;
    }

    /// <summary>Index just after the line break ending the line holding <paramref name="index"/>, or -1 when that
    /// line is the last and has no line break. An index already at a line start (after a block scalar swallowed its
    /// line break) is returned as is.</summary>
    public static int NextLineStart(string text, int index)
    {
        if (index > 0 && index <= text.Length && text[index - 1] == '\n')
        {
            return index;
        }

        var lf = text.IndexOf('\n', index);
        return lf < 0 ? -1 : lf + 1;
    }

    /// <summary>True when only spaces precede <paramref name="index"/> on its line.</summary>
    public static bool OnlyIndentBefore(string text, int index)
    {
        for (var i = LineStart(text, index); i < index; i++)
        {
            if (text[i] != ' ')
            {
                return false;
            }
        }

        return true;
    }
}
