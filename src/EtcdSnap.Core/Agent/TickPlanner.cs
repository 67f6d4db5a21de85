namespace EtcdSnap.Core.Agent;

/// <summary>The leader's decisions about ticks, kept free of I/O so they can be tested on their own.</summary>
internal static class TickPlanner
{
    /// <summary>
    /// The tick a new leader should run at once: the latest tick at or before <paramref name="now"/>, when no agent of
    /// the group completed it (<paramref name="lastCompleted"/> is older) and it is at most <paramref name="window"/>
    /// old; else null. Older missed ticks are never run: one backup for the latest is what matters.
    /// </summary>
    public static DateTimeOffset? CatchUp(BackupSchedule schedule, DateTimeOffset now, DateTimeOffset? lastCompleted, TimeSpan window)
    {
        if (window <= TimeSpan.Zero || schedule.Previous(now) is not { } latest)
        {
            return null;
        }

        return (lastCompleted is null || latest > lastCompleted) && now - latest <= window ? latest : null;
    }

    /// <summary>How many ticks after <paramref name="tick"/> passed by <paramref name="finished"/> while it ran.</summary>
    public static int Skipped(BackupSchedule schedule, DateTimeOffset tick, DateTimeOffset finished)
    {
        var count = 0;
        for (var t = schedule.Next(tick); t is { } next && next <= finished && count < 1000; t = schedule.Next(next))
        {
            count++;
        }

        return count;
    }
}
