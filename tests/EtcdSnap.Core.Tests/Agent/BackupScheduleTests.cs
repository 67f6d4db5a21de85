using EtcdSnap.Core.Agent;

namespace EtcdSnap.Core.Tests.Agent;

public sealed class BackupScheduleTests
{
    private static readonly DateTimeOffset s_at = new(2026, 11, 27, 14, 23, 17, TimeSpan.Zero);

    [Fact]
    public void Parse_FiveFields_MinutesResolution()
    {
        var schedule = BackupSchedule.Parse("0 */6 * * *");

        Assert.Equal(new DateTimeOffset(2026, 11, 27, 18, 0, 0, TimeSpan.Zero), schedule.Next(s_at));
        Assert.Equal(new DateTimeOffset(2026, 11, 27, 12, 0, 0, TimeSpan.Zero), schedule.Previous(s_at));
    }

    [Fact]
    public void Parse_SixFields_SecondsFirst()
    {
        var schedule = BackupSchedule.Parse("*/2 * * * * *");

        Assert.Equal(s_at.AddSeconds(1), schedule.Next(s_at));
        Assert.Equal(s_at.AddSeconds(-1), schedule.Previous(s_at));
    }

    [Fact]
    public void Previous_ExactlyOnATick_IsThatTick()
    {
        var schedule = BackupSchedule.Parse("@hourly");
        var tick = new DateTimeOffset(2026, 11, 27, 14, 0, 0, TimeSpan.Zero);

        Assert.Equal(tick, schedule.Previous(tick));
        Assert.Equal(tick.AddHours(1), schedule.Next(tick));
    }

    [Theory]
    [InlineData("daily")]
    [InlineData("@daily")]
    [InlineData("Daily")]
    public void Parse_Macro_WithOrWithoutAt(string text) =>
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 0, 0, 0, TimeSpan.Zero), BackupSchedule.Parse(text).Next(s_at));

    [Theory]
    [InlineData("")]
    [InlineData("* * *")]
    [InlineData("61 * * * *")]
    [InlineData("@fortnightly")]
    [InlineData("* * * * * * *")]
    public void Parse_Invalid_FormatExceptionOneLine(string text)
    {
        var e = Assert.Throws<FormatException>(() => BackupSchedule.Parse(text));

        Assert.StartsWith($"schedule \"{text}\"", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }
}
