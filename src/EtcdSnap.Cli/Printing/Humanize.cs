using System.Globalization;

namespace EtcdSnap.Cli.Printing;

/// <summary>Sizes as etcdctl prints them (go-humanize <c>Bytes</c>: SI units, one decimal below 10).</summary>
internal static class Humanize
{
    private static readonly string[] s_units = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];

    /// <summary>e.g. 81920 → "82 kB", 1306636288 → "1.3 GB", 9 → "9 B".</summary>
    public static string Bytes(long size)
    {
        if (size < 10)
        {
            return $"{size} B";
        }

        var e = (int)Math.Floor(Math.Log(size) / Math.Log(1000));
        e = Math.Min(e, s_units.Length - 1);
        var value = Math.Floor(size / Math.Pow(1000, e) * 10 + 0.5) / 10;
        // .NET's F0 rounds halves to even, like Go's %.0f (82.5 → "82").
        var text = value < 10 ? value.ToString("F1", CultureInfo.InvariantCulture) : value.ToString("F0", CultureInfo.InvariantCulture);
        return $"{text} {s_units[e]}";
    }

    /// <summary>Seconds with two decimals and a unit, for summaries.</summary>
    public static string Seconds(double seconds) => seconds.ToString("0.00", CultureInfo.InvariantCulture) + "s";
}
