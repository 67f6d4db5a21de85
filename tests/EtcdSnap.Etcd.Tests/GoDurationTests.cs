
namespace EtcdSnap.Etcd.Tests;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("2s", 2_000)]
    [InlineData("500ms", 500)]
    [InlineData("1m30s", 90_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData("1h", 3_600_000)]
    [InlineData("0", 0)]
    [InlineData(" 3s ", 3_000)]
    [InlineData("250000us", 250)]
    public void TryParse_GoDuration_ReturnsMilliseconds(string text, long milliseconds)
    {
        Assert.True(GoDuration.TryParse(text, out var value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2")]
    [InlineData("s")]
    [InlineData("-1s")]
    [InlineData("2x")]
    [InlineData("1.2.3s")]
    [InlineData("10000000000h")]
    public void TryParse_NotADuration_ReturnsFalse(string text) => Assert.False(GoDuration.TryParse(text, out _));

    [Theory]
    [InlineData(2_000, "2s")]
    [InlineData(1_500, "1.5s")]
    [InlineData(500, "500ms")]
    [InlineData(120_000, "2m")]
    [InlineData(90_000, "90s")]
    public void Format_Duration_IsCompact(long milliseconds, string expected) =>
        Assert.Equal(expected, GoDuration.Format(TimeSpan.FromMilliseconds(milliseconds)));
}
