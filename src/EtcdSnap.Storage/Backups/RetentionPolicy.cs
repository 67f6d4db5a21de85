using System.Globalization;

namespace EtcdSnap.Storage.Backups;

/// <summary>
/// Which backups to keep, with restic's <c>forget</c> semantics (restic internal/data/snapshot_policy.go):
/// backups are taken newest first; <see cref="KeepLast"/> keeps the N newest; each calendar tier keeps the newest
/// backup of each of the N most recent hours/days/ISO weeks/months/years that have backups; a backup is kept
/// when any rule keeps it. When a tier still has count left after the oldest backup, that oldest backup is kept
/// too ("oldest daily"), as restic does since 0.17, to keep the longest history the counts allow.
/// </summary>
/// <remarks>
/// Calendar buckets use <see cref="TimeZone"/> (UTC by default; restic uses local time). A policy with every
/// count 0 is <see cref="IsEmpty"/> and keeps everything: pruning with no rules removes nothing. The newest
/// backup is always kept.
/// </remarks>
public sealed record RetentionPolicy
{
    /// <summary>Keep the N newest backups.</summary>
    public int KeepLast { get; init; }

    /// <summary>Keep the newest backup of each of the N most recent hours with backups.</summary>
    public int KeepHourly { get; init; }

    /// <summary>Keep the newest backup of each of the N most recent days with backups.</summary>
    public int KeepDaily { get; init; }

    /// <summary>Keep the newest backup of each of the N most recent ISO weeks (Monday to Sunday) with backups.</summary>
    public int KeepWeekly { get; init; }

    /// <summary>Keep the newest backup of each of the N most recent months with backups.</summary>
    public int KeepMonthly { get; init; }

    /// <summary>Keep the newest backup of each of the N most recent years with backups.</summary>
    public int KeepYearly { get; init; }

    /// <summary>The zone whose calendar defines hours, days, weeks, months and years.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>True when no rule is set: such a policy keeps every backup.</summary>
    public bool IsEmpty => KeepLast == 0 && KeepHourly == 0 && KeepDaily == 0 && KeepWeekly == 0 && KeepMonthly == 0 && KeepYearly == 0;

    /// <summary>Decides, for each backup, whether it is kept (and why) or removed.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A count is negative.</exception>
    public RetentionPlan Apply(IEnumerable<RetentionCandidate> backups)
    {
        ArgumentNullException.ThrowIfNull(backups);
        var rules = new (int Count, string Reason, Func<DateTime, int, long> Bucket)[]
        {
            (KeepLast, "last", static (_, nr) => nr),
            (KeepHourly, "hourly", static (t, _) => (((((t.Year * 100L) + t.Month) * 100) + t.Day) * 100) + t.Hour),
            (KeepDaily, "daily", static (t, _) => (((t.Year * 100L) + t.Month) * 100) + t.Day),
            (KeepWeekly, "weekly", static (t, _) => (ISOWeek.GetYear(t) * 100L) + ISOWeek.GetWeekOfYear(t)),
            (KeepMonthly, "monthly", static (t, _) => (t.Year * 100L) + t.Month),
            (KeepYearly, "yearly", static (t, _) => t.Year),
        };
        foreach (var rule in rules)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(rule.Count, "keep-" + rule.Reason);
        }

        var sorted = backups.OrderByDescending(b => b.Time).ThenByDescending(b => b.Id, StringComparer.Ordinal).ToList();
        var keep = new List<RetentionDecision>();
        var remove = new List<RetentionDecision>();
        if (IsEmpty)
        {
            return new RetentionPlan([.. sorted.Select(b => new RetentionDecision(b.Id, b.Time, ["no retention rules"]))], []);
        }

        var left = rules.Select(r => r.Count).ToArray();
        var lastBucket = rules.Select(_ => long.MinValue).ToArray();
        for (var nr = 0; nr < sorted.Count; nr++)
        {
            var local = TimeZoneInfo.ConvertTime(sorted[nr].Time, TimeZone).DateTime;
            var oldest = nr == sorted.Count - 1;
            var reasons = new List<string>();
            for (var i = 0; i < rules.Length; i++)
            {
                if (left[i] == 0)
                {
                    continue;
                }

                var bucket = rules[i].Bucket(local, nr);
                if (bucket != lastBucket[i] || oldest)
                {
                    reasons.Add(bucket == lastBucket[i] ? "oldest " + rules[i].Reason : rules[i].Reason);
                    lastBucket[i] = bucket;
                    left[i]--;
                }
            }

            if (nr == 0 && reasons.Count == 0)
            {
                reasons.Add("newest"); // unreachable with any rule set; kept as the invariant's last line of defence
            }

            (reasons.Count > 0 ? keep : remove).Add(new RetentionDecision(sorted[nr].Id, sorted[nr].Time, reasons));
        }

        return new RetentionPlan(keep, remove);
    }

    /// <summary>The policy as restic would describe it, e.g. "keep 7 daily, 4 weekly".</summary>
    public override string ToString()
    {
        if (IsEmpty)
        {
            return "keep everything (no rules)";
        }

        var parts = new[] { (KeepLast, "last"), (KeepHourly, "hourly"), (KeepDaily, "daily"), (KeepWeekly, "weekly"),
            (KeepMonthly, "monthly"), (KeepYearly, "yearly") }
            .Where(p => p.Item1 > 0)
            .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Item1} {p.Item2}"));
        return "keep " + string.Join(", ", parts) + (TimeZone == TimeZoneInfo.Utc ? "" : $" ({TimeZone.Id})");
    }
}

/// <summary>A backup as retention sees it.</summary>
/// <param name="Id">The backup id.</param>
/// <param name="Time">When it was made.</param>
public sealed record RetentionCandidate(string Id, DateTimeOffset Time);

/// <summary>One backup's fate.</summary>
/// <param name="Id">The backup id.</param>
/// <param name="Time">When it was made.</param>
/// <param name="Reasons">Why it is kept (e.g. "daily", "oldest weekly"); empty when removed.</param>
public sealed record RetentionDecision(string Id, DateTimeOffset Time, IReadOnlyList<string> Reasons);

/// <summary>The outcome of applying a policy: both lists newest first.</summary>
/// <param name="Keep">Backups kept, with reasons.</param>
/// <param name="Remove">Backups to delete.</param>
public sealed record RetentionPlan(IReadOnlyList<RetentionDecision> Keep, IReadOnlyList<RetentionDecision> Remove);
