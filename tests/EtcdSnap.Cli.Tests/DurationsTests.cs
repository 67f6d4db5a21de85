using EtcdSnap.Cli.Infrastructure;

namespace EtcdSnap.Cli.Tests;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("2s", 2000)]
    [InlineData("500ms", 500)]
    [InlineData("1m30s", 90_000)]
    [InlineData("5m", 300_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("1.5s", 1500)]
    public void Parse_GoDuration_ReturnsValue(string text, int ms)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(ms), Durations.Parse(text, "--dial-timeout"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("2x")]
    [InlineData("s")]
    [InlineData("-1s")]
    [InlineData("3")]
    public void Parse_Garbage_ThrowsUsageNamingFlag(string text)
    {
        var e = Assert.Throws<UsageException>(() => Durations.Parse(text, "--dial-timeout"));

        Assert.StartsWith("--dial-timeout: invalid duration", e.Message, StringComparison.Ordinal);
    }
}
