namespace EtcdSnap.Cli.Tests;

public sealed class CliAppTests
{
    [Fact]
    public async Task UnknownCommand_ExitsUsageWithOneErrorLineAndHint()
    {
        var r = await CliRunner.RunAsync("frobnicate");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("error: Unrecognized command or argument 'frobnicate'", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("hint: run 'etcdsnap --help' for usage", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public async Task Version_PrintsToolVersion()
    {
        var r = await CliRunner.RunAsync("version");

        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("etcdsnap version: ", r.Stdout, StringComparison.Ordinal);
    }
}
