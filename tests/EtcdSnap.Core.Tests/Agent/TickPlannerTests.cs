using EtcdSnap.Core.Agent;

namespace EtcdSnap.Core.Tests.Agent;

public sealed class TickPlannerTests
{
    private static readonly BackupSchedule s_sixHourly = BackupSchedule.Parse("0 */6 * * *");
    private static readonly DateTimeOffset s_tick = new(2026, 11, 27, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan s_hour = TimeSpan.FromHours(1);

    [Fact]
    public void CatchUp_LatestTickNotCompletedAndRecent_RunsIt() =>
        Assert.Equal(s_tick, TickPlanner.CatchUp(s_sixHourly, s_tick.AddMinutes(3), s_tick.AddHours(-6), s_hour));

    [Fact]
    public void CatchUp_NothingEverCompleted_RunsTheLatestTick() =>
        Assert.Equal(s_tick, TickPlanner.CatchUp(s_sixHourly, s_tick.AddSeconds(20), null, s_hour));

    [Fact]
    public void CatchUp_LatestTickCompletedByTheOldLeader_NotRepeated() =>
        Assert.Null(TickPlanner.CatchUp(s_sixHourly, s_tick.AddMinutes(3), s_tick, s_hour));

    [Fact]
    public void CatchUp_LatestTickOlderThanTheWindow_Skipped() =>
        Assert.Null(TickPlanner.CatchUp(s_sixHourly, s_tick.AddHours(2), s_tick.AddHours(-6), s_hour));

    [Fact]
    public void CatchUp_WindowZero_Never() =>
        Assert.Null(TickPlanner.CatchUp(s_sixHourly, s_tick.AddSeconds(1), null, TimeSpan.Zero));

    [Fact]
    public void Skipped_RunLongerThanTwoIntervals_CountsTheTicksPassed()
    {
        var everyTwoSeconds = BackupSchedule.Parse("*/2 * * * * *");

        Assert.Equal(0, TickPlanner.Skipped(everyTwoSeconds, s_tick, s_tick.AddSeconds(1.9)));
        Assert.Equal(2, TickPlanner.Skipped(everyTwoSeconds, s_tick, s_tick.AddSeconds(5)));
    }
}
