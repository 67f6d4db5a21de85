namespace EtcdSnap.Core.Backups;

/// <summary>
/// Labels recorded in a backup's manifest (<c>--label k=v</c>). Keys are 1 to 128 characters of
/// <c>A-Z a-z 0-9 . _ - /</c>; values up to 256 characters on one line. Keys under <see cref="ReservedPrefix"/> are
/// written by etcdsnap itself (the agent records its schedule tick there).
/// </summary>
public static class BackupLabels
{
    /// <summary>The prefix of labels etcdsnap sets; users cannot set them.</summary>
    public const string ReservedPrefix = "etcdsnap.io/";

    /// <summary>The schedule tick a backup was made for (UTC, ISO 8601), set by the agent.</summary>
    public const string Tick = ReservedPrefix + "tick";

    /// <summary>The agent that made a backup (its <c>--identity</c>).</summary>
    public const string Agent = ReservedPrefix + "agent";

    /// <summary>The agent group (<c>--election-name</c>) whose leader made a backup.</summary>
    public const string Election = ReservedPrefix + "election";

    private const int MaxKeyLength = 128;
    private const int MaxValueLength = 256;

    /// <summary>Parses <c>key=value</c> pairs.</summary>
    /// <exception cref="FormatException">A pair is malformed, a key repeats or uses the reserved prefix (one line each).</exception>
    public static IReadOnlyDictionary<string, string> Parse(IEnumerable<string> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var labels = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new FormatException($"label \"{pair}\": expected KEY=VALUE");
            }

            var (key, value) = (pair[..eq], pair[(eq + 1)..]);
            if (CheckKey(key) is { } problem)
            {
                throw new FormatException($"label \"{pair}\": {problem}");
            }

            if (key.StartsWith(ReservedPrefix, StringComparison.Ordinal))
            {
                throw new FormatException($"label \"{pair}\": keys under \"{ReservedPrefix}\" are set by etcdsnap");
            }

            if (value.Length > MaxValueLength || value.Any(char.IsControl))
            {
                throw new FormatException($"label \"{key}\": the value must be one line of at most {MaxValueLength} characters");
            }

            if (!labels.TryAdd(key, value))
            {
                throw new FormatException($"label \"{key}\" is given twice");
            }
        }

        return labels;
    }

    /// <summary>Why <paramref name="key"/> is not a valid label key, or null when it is.</summary>
    public static string? CheckKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.Length is 0 or > MaxKeyLength)
        {
            return $"the key must be 1 to {MaxKeyLength} characters";
        }

        return key.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '/')
            ? null
            : "the key may hold only A-Z a-z 0-9 . _ - /";
    }
}
