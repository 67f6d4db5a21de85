using System.Text;

namespace EtcdSnap.Kubernetes.Manifests;

/// <summary>A line-based unified diff (as <c>diff -u</c> prints it) for showing a manifest edit before it is made.</summary>
internal static class UnifiedDiff
{
    private const int Context = 3;

    /// <summary>The diff of <paramref name="oldText"/> → <paramref name="newText"/>; empty when they are equal.
    /// Lines are compared without their <c>\r</c>, and printed with <c>\n</c>.</summary>
    public static string Create(string oldText, string newText, string oldLabel, string newLabel)
    {
        if (string.Equals(oldText, newText, StringComparison.Ordinal))
        {
            return "";
        }

        var a = Lines(oldText);
        var b = Lines(newText);
        var ops = Diff(a, b);
        var sb = new StringBuilder().Append("--- ").Append(oldLabel).Append('\n').Append("+++ ").Append(newLabel).Append('\n');
        var changes = Enumerable.Range(0, ops.Count).Where(k => ops[k].Kind != ' ').ToList();
        var first = 0;
        for (var c = 1; c <= changes.Count; c++)
        {
            // A hunk ends where the next change is more than two contexts away (diff -u merges closer ones).
            if (c < changes.Count && changes[c] - changes[c - 1] <= 2 * Context)
            {
                continue;
            }

            AppendHunk(sb, ops, Math.Max(0, changes[first] - Context), Math.Min(ops.Count, changes[c - 1] + Context + 1));
            first = c;
        }

        return sb.ToString();
    }

    private static void AppendHunk(StringBuilder sb, List<(char Kind, string Line, int OldNo, int NewNo)> ops, int start, int end)
    {
        var oldCount = 0;
        var newCount = 0;
        for (var k = start; k < end; k++)
        {
            oldCount += ops[k].Kind != '+' ? 1 : 0;
            newCount += ops[k].Kind != '-' ? 1 : 0;
        }

        var oldStart = ops[start].OldNo + (oldCount == 0 ? 0 : 1);
        var newStart = ops[start].NewNo + (newCount == 0 ? 0 : 1);
        sb.Append("@@ -").Append(oldStart).Append(',').Append(oldCount)
          .Append(" +").Append(newStart).Append(',').Append(newCount).Append(" @@\n");
        for (var k = start; k < end; k++)
        {
            sb.Append(ops[k].Kind).Append(ops[k].Line).Append('\n');
        }
    }

    /// <summary>Edit script by longest common subsequence after trimming the common head and tail (manifests are
    /// small, and the edits we make touch a few lines). OldNo/NewNo are 0-based line numbers before each op.</summary>
    private static List<(char Kind, string Line, int OldNo, int NewNo)> Diff(string[] a, string[] b)
    {
        var head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head])
        {
            head++;
        }

        var tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[a.Length - 1 - tail] == b[b.Length - 1 - tail])
        {
            tail++;
        }

        var n = a.Length - head - tail;
        var m = b.Length - head - tail;
        var lcs = new int[n + 1, m + 1];
        for (var x = n - 1; x >= 0; x--)
        {
            for (var y = m - 1; y >= 0; y--)
            {
                lcs[x, y] = a[head + x] == b[head + y] ? lcs[x + 1, y + 1] + 1 : Math.Max(lcs[x + 1, y], lcs[x, y + 1]);
            }
        }

        var ops = new List<(char, string, int, int)>(a.Length + b.Length);
        for (var k = 0; k < head; k++)
        {
            ops.Add((' ', a[k], k, k));
        }

        int i = 0, j = 0;
        while (i < n || j < m)
        {
            if (i < n && j < m && a[head + i] == b[head + j])
            {
                ops.Add((' ', a[head + i], head + i, head + j));
                i++;
                j++;
            }
            else if (i < n && (j == m || lcs[i + 1, j] >= lcs[i, j + 1]))
            {
                ops.Add(('-', a[head + i], head + i, head + j));
                i++;
            }
            else
            {
                ops.Add(('+', b[head + j], head + i, head + j));
                j++;
            }
        }

        for (var k = 0; k < tail; k++)
        {
            ops.Add((' ', a[a.Length - tail + k], a.Length - tail + k, b.Length - tail + k));
        }

        return ops;
    }

    private static string[] Lines(string text)
    {
        var lines = text.Split('\n');
        var count = lines.Length > 0 && lines[^1].Length == 0 ? lines.Length - 1 : lines.Length;
        return lines.Take(count).Select(l => l.EndsWith('\r') ? l[..^1] : l).ToArray();
    }
}
