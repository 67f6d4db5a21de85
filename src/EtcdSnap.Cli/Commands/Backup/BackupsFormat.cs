using System.Globalization;

namespace EtcdSnap.Cli.Commands.Backup;

/// <summary>How backup fields print in tables.</summary>
internal static class BackupsFormat
{
    /// <summary>UTC to the second, ISO 8601: <c>2026-11-27T14:23:00Z</c>.</summary>
    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>kubectl-style age: <c>45s</c>, <c>12m</c>, <c>5h</c>, <c>3d</c>.</summary>
    public static string Age(DateTimeOffset time, DateTimeOffset now)
    {
        var age = now - time;
        return age switch
        {
            { TotalSeconds: < 0 } => "0s",
            { TotalMinutes: < 2 } => $"{(int)age.TotalSeconds}s",
            { TotalHours: < 2 } => $"{(int)age.TotalMinutes}m",
            { TotalDays: < 2 } => $"{(int)age.TotalHours}h",
            _ => $"{(int)age.TotalDays}d",
        };
    }

    /// <summary><c>k1=v1,k2=v2</c> in key order.</summary>
    public static string Labels(IReadOnlyDictionary<string, string> labels) =>
        string.Join(',', labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}"));
}
