using Cronos;

namespace EtcdSnap.Core.Agent;

/// <summary>
/// When the agent backs up: a cron expression in UTC, with five fields (<c>0 */6 * * *</c>), six with seconds first
/// (<c>*/2 * * * * *</c>, for tests) or a macro (<c>@hourly</c>, <c>@daily</c>; also without the '@'). Each occurrence is a <em>tick</em>;
/// its time is the tick's identity, the same on every agent.
/// </summary>
public sealed class BackupSchedule
{
    private static readonly string[] s_macros = ["every_second", "every_minute", "hourly", "daily", "midnight", "weekly", "monthly",
        "yearly", "annually"];

    private readonly CronExpression _cron;

    private BackupSchedule(CronExpression cron, string text)
    {
        _cron = cron;
        Text = text;
    }

    /// <summary>The expression as given.</summary>
    public string Text { get; }

    /// <summary>Parses a 5- or 6-field cron expression or a macro.</summary>
    /// <exception cref="FormatException">Not a valid expression (one line, with an example).</exception>
    public static BackupSchedule Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();

        // A command line treats "@word" as a response file; the macros are accepted without the '@' too ("daily").
        if (s_macros.Contains(trimmed, StringComparer.OrdinalIgnoreCase))
        {
            trimmed = "@" + trimmed.ToLowerInvariant();
        }

        var fields = trimmed.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        var format = fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard;
        if (fields is not (5 or 6) && !(fields == 1 && trimmed.StartsWith('@')))
        {
            throw new FormatException(
                $"schedule \"{text}\": expected 5 cron fields (minute hour day month weekday), 6 with seconds first, or a macro like @daily");
        }

        try
        {
            return new BackupSchedule(CronExpression.Parse(trimmed, format), trimmed);
        }
        catch (CronFormatException e)
        {
            throw new FormatException($"schedule \"{text}\": {e.Message}", e);
        }
    }

    /// <summary>The first tick strictly after <paramref name="after"/>, or null when there is none.</summary>
    public DateTimeOffset? Next(DateTimeOffset after) =>
        _cron.GetNextOccurrence(after.UtcDateTime, inclusive: false) is { } next ? new DateTimeOffset(next, TimeSpan.Zero) : null;

    /// <summary>The last tick at or before <paramref name="atOrBefore"/>, or null when there is none.</summary>
    public DateTimeOffset? Previous(DateTimeOffset atOrBefore) =>
        _cron.GetPreviousOccurrence(atOrBefore.UtcDateTime, inclusive: true) is { } previous ? new DateTimeOffset(previous, TimeSpan.Zero) : null;

    /// <inheritdoc/>
    public override string ToString() => Text;
}
