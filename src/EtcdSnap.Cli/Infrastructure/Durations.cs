using System.Globalization;

namespace EtcdSnap.Cli.Infrastructure;

/// <summary>Go-style durations as etcdctl takes them: "500ms", "2s", "1m30s", "5m"; a bare number means seconds.</summary>
internal static class Durations
{
    /// <summary>Parses <paramref name="text"/> or throws <see cref="UsageException"/> naming the flag.</summary>
    public static TimeSpan Parse(string text, string flag)
    {
        if (TryParse(text, out var value))
        {
            return value;
        }

        throw new UsageException($"{flag}: invalid duration \"{text}\" (use e.g. 500ms, 2s, 1m30s)");
    }

    /// <summary>Parses a Go duration; false on anything else, including negative values.</summary>
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        var s = text.Trim();
        if (s.Length == 0)
        {
            return false;
        }

        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var bare))
        {
            value = TimeSpan.FromSeconds(bare);
            return bare >= 0;
        }

        var total = 0.0;
        var i = 0;
        while (i < s.Length)
        {
            var start = i;
            while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.'))
            {
                i++;
            }

            if (start == i || !double.TryParse(s[start..i], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = i;
            while (i < s.Length && char.IsAsciiLetter(s[i]))
            {
                i++;
            }

            double? ms = s[unitStart..i] switch
            {
                "ms" => number,
                "s" => number * 1000,
                "m" => number * 60_000,
                "h" => number * 3_600_000,
                _ => null,
            };
            if (ms is null)
            {
                return false;
            }

            total += ms.Value;
        }

        value = TimeSpan.FromMilliseconds(total);
        return true;
    }

    /// <summary>Formats like Go does for the common cases: 2s, 500ms, 1m30s.</summary>
    public static string Format(TimeSpan t)
    {
        if (t.TotalSeconds < 1)
        {
            return $"{(long)t.TotalMilliseconds}ms";
        }

        if (t.TotalMinutes < 1)
        {
            return t.TotalSeconds % 1 == 0 ? $"{(long)t.TotalSeconds}s" : t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
        }

        var m = (long)t.TotalMinutes;
        var sec = t.Seconds;
        return sec == 0 ? $"{m}m" : $"{m}m{sec}s";
    }
}
