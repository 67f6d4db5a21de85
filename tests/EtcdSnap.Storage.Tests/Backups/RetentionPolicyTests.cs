using System.Globalization;
using EtcdSnap.Storage.Backups;

namespace EtcdSnap.Storage.Tests.Backups;

public sealed class RetentionPolicyTests
{
    public static TheoryData<string, RetentionPolicy, string[], string[]> Timelines => new()
    {
        // restic doc/060_forget.rst: one backup every Sunday for 12 weeks, --keep-daily 4 keeps the last four.
        {
            "restic docs: 12 Sundays, keep-daily 4",
            new RetentionPolicy { KeepDaily = 4 },
            ["2019-09-01 11:00", "2019-09-08 11:00", "2019-09-15 11:00", "2019-09-22 11:00", "2019-09-29 11:00", "2019-10-06 11:00",
             "2019-10-13 11:00", "2019-10-20 11:00", "2019-10-27 11:00", "2019-11-03 11:00", "2019-11-10 11:00", "2019-11-17 11:00"],
            ["2019-11-17 11:00 daily", "2019-11-10 11:00 daily", "2019-11-03 11:00 daily", "2019-10-27 11:00 daily"]
        },
        {
            "keep-last 3 of 5",
            new RetentionPolicy { KeepLast = 3 },
            ["2026-01-01 00:00", "2026-01-01 01:00", "2026-01-01 02:00", "2026-01-01 03:00", "2026-01-01 04:00"],
            ["2026-01-01 04:00 last", "2026-01-01 03:00 last", "2026-01-01 02:00 last"]
        },
        {
            "keep-hourly 2: newest of each of the 2 newest hours; counts used up, no oldest",
            new RetentionPolicy { KeepHourly = 2 },
            ["2026-03-01 10:05", "2026-03-01 10:35", "2026-03-01 11:10", "2026-03-01 11:50", "2026-03-01 12:00"],
            ["2026-03-01 12:00 hourly", "2026-03-01 11:50 hourly"]
        },
        {
            "keep-daily 7 with three backups on one day: newest, and the oldest as counts are left (restic 0.17+)",
            new RetentionPolicy { KeepDaily = 7 },
            ["2026-03-01 01:00", "2026-03-01 02:00", "2026-03-01 03:00"],
            ["2026-03-01 03:00 daily", "2026-03-01 01:00 oldest daily"]
        },
        {
            "hours only count when they have backups: a gap does not use up the count",
            new RetentionPolicy { KeepHourly = 3 },
            ["2026-03-01 01:10", "2026-03-01 01:20", "2026-03-01 05:00", "2026-03-02 09:00", "2026-03-02 09:30"],
            ["2026-03-02 09:30 hourly", "2026-03-01 05:00 hourly", "2026-03-01 01:20 hourly"]
        },
        {
            // 2026 has 53 ISO weeks: Thu 2026-12-31 and Sun 2027-01-03 are both in 2026-W53; Mon 2027-01-04 starts 2027-W01.
            "ISO weeks across the new year",
            new RetentionPolicy { KeepWeekly = 2 },
            ["2026-12-31 12:00", "2027-01-03 12:00", "2027-01-04 12:00"],
            ["2027-01-04 12:00 weekly", "2027-01-03 12:00 weekly"]
        },
        {
            "tiers are a union, each counting on its own",
            new RetentionPolicy { KeepLast = 1, KeepDaily = 2, KeepMonthly = 3 },
            ["2026-01-15 10:00", "2026-02-10 10:00", "2026-02-20 10:00", "2026-03-05 09:00", "2026-03-05 10:00"],
            ["2026-03-05 10:00 last daily monthly", "2026-02-20 10:00 daily monthly", "2026-01-15 10:00 monthly"]
        },
        {
            "monthly and yearly",
            new RetentionPolicy { KeepMonthly = 2, KeepYearly = 2 },
            ["2024-06-01 00:00", "2024-12-31 23:00", "2025-11-30 00:00", "2025-12-01 00:00", "2026-01-01 00:00"],
            ["2026-01-01 00:00 monthly yearly", "2025-12-01 00:00 monthly yearly"]
        },
        {
            "no rules keeps everything",
            new RetentionPolicy(),
            ["2026-01-01 00:00", "2026-01-02 00:00"],
            ["2026-01-02 00:00 no retention rules", "2026-01-01 00:00 no retention rules"]
        },
        {
            "a single backup is always kept",
            new RetentionPolicy { KeepWeekly = 1 },
            ["2026-05-05 05:05"],
            ["2026-05-05 05:05 weekly"]
        },
    };

    [Theory]
    [MemberData(nameof(Timelines))]
    public void Apply_Timeline_KeepsWhatResticWould(string name, RetentionPolicy policy, string[] times, string[] expectedKept)
    {
        var backups = times.Select((t, i) => new RetentionCandidate($"b{i:D2}", Utc(t))).ToList();

        var plan = policy.Apply(backups);

        var kept = plan.Keep.Select(d => $"{d.Time.UtcDateTime:yyyy-MM-dd HH:mm} {string.Join(' ', d.Reasons)}").ToArray();
        Assert.True(expectedKept.SequenceEqual(kept), $"{name}: kept [{string.Join(", ", kept)}]");
        Assert.Equal(backups.Count, plan.Keep.Count + plan.Remove.Count);
        Assert.Empty(plan.Keep.Select(k => k.Id).Intersect(plan.Remove.Select(r => r.Id)));
        Assert.All(plan.Remove, r => Assert.Empty(r.Reasons));
    }

    [Fact]
    public void Apply_NewestIsNeverRemoved_WhateverThePolicy()
    {
        var random = new Random(42);
        for (var round = 0; round < 200; round++)
        {
            var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
            var backups = Enumerable.Range(0, random.Next(1, 40))
                .Select(i => new RetentionCandidate($"id{i}", start.AddMinutes(random.Next(0, 500_000))))
                .ToList();
            var policy = new RetentionPolicy
            {
                KeepLast = random.Next(0, 3),
                KeepHourly = random.Next(0, 3),
                KeepDaily = random.Next(0, 3),
                KeepWeekly = random.Next(0, 3),
                KeepMonthly = random.Next(0, 3),
            };

            var plan = policy.Apply(backups);

            var newest = backups.OrderByDescending(b => b.Time).ThenByDescending(b => b.Id, StringComparer.Ordinal).First();
            Assert.Contains(plan.Keep, k => k.Id == newest.Id);
        }
    }

    [Fact]
    public void Apply_TimeZone_MovesDayBoundaries()
    {
        // 23:30Z and 00:30Z are two UTC days but one day at UTC-5.
        var backups = new[] { "2026-11-27 10:00", "2026-11-27 23:30", "2026-11-28 00:30" }
            .Select((t, i) => new RetentionCandidate($"b{i}", Utc(t))).ToList();
        var minus5 = TimeZoneInfo.CreateCustomTimeZone("UTC-5", TimeSpan.FromHours(-5), "UTC-5", "UTC-5");

        var utc = new RetentionPolicy { KeepDaily = 2 }.Apply(backups);
        var shifted = new RetentionPolicy { KeepDaily = 2, TimeZone = minus5 }.Apply(backups);

        Assert.Equal(["b2", "b1"], utc.Keep.Select(k => k.Id));
        Assert.Equal(["b2", "b0"], shifted.Keep.Select(k => k.Id));
        Assert.Equal(["daily", "oldest daily"], shifted.Keep.SelectMany(k => k.Reasons));
    }

    [Fact]
    public void Apply_NegativeCount_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new RetentionPolicy { KeepDaily = -1 }.Apply([]));

    [Fact]
    public void ToString_DescribesRules() =>
        Assert.Equal("keep 2 last, 7 daily, 4 weekly", new RetentionPolicy { KeepLast = 2, KeepDaily = 7, KeepWeekly = 4 }.ToString());

    private static DateTimeOffset Utc(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
