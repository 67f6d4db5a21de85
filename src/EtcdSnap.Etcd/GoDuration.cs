using System.Globalization;

namespace EtcdSnap.Etcd;

/// <summary>Durations written the way etcdctl takes them (Go's <c>time.ParseDuration</c>: <c>2s</c>, <c>500ms</c>, <c>1m30s</c>).</summary>
public static class GoDuration
{
    /// <summary>Parses a Go duration: a sequence of decimal numbers with a unit each (ns, us, µs, ms, s, m, h).
    /// A bare <c>0</c> is accepted, as in Go.</summary>
    /// <returns>false when <paramref name="text"/> is not a duration or is negative.</returns>
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var s = text.Trim().AsSpan();
        if (s is "0")
        {
            return true;
        }

        decimal ticks = 0;
        while (!s.IsEmpty)
        {
            var numberLength = 0;
            while (numberLength < s.Length && (char.IsAsciiDigit(s[numberLength]) || s[numberLength] == '.'))
            {
                numberLength++;
            }

            if (numberLength == 0
                || !decimal.TryParse(s[..numberLength], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            s = s[numberLength..];
            var unitLength = 0;
            while (unitLength < s.Length && !char.IsAsciiDigit(s[unitLength]) && s[unitLength] != '.')
            {
                unitLength++;
            }

            decimal? ticksPerUnit = s[..unitLength] switch
            {
                "ns" => 0.01m,
                "us" or "µs" or "μs" => TimeSpan.TicksPerMicrosecond,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                _ => null,
            };
            if (ticksPerUnit is null)
            {
                return false;
            }

            ticks += number * ticksPerUnit.Value;
            if (ticks > TimeSpan.MaxValue.Ticks)
            {
                return false;
            }

            s = s[unitLength..];
        }

        value = TimeSpan.FromTicks((long)ticks);
        return true;
    }

    /// <summary>Writes a duration compactly for messages: <c>2s</c>, <c>1.5s</c>, <c>500ms</c>, <c>2m</c>.</summary>
    public static string Format(TimeSpan value)
    {
        if (value < TimeSpan.FromSeconds(1))
        {
            return value.TotalMilliseconds.ToString("0.###", CultureInfo.InvariantCulture) + "ms";
        }

        if (value >= TimeSpan.FromMinutes(1) && value.Ticks % TimeSpan.TicksPerMinute == 0)
        {
            return value.TotalMinutes.ToString("0", CultureInfo.InvariantCulture) + "m";
        }

        return value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + "s";
    }
}
