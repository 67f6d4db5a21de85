using EtcdSnap.Cli.Commands;
using EtcdSnap.Cli.Infrastructure;

namespace EtcdSnap.Cli.Tests.Backup;

/// <summary>`backup` and `agent` refuse unusable flags with exit code 2 before they touch etcd or a repository.</summary>
public sealed class BackupFlagsTests
{
    // Nothing listens here: a flag that slipped through would end with exit 4, not 2.
    private const string Endpoint = "http://127.0.0.1:1";

    [Theory]
    [InlineData("--compression-level", "0")]
    [InlineData("--compression-level", "20")]
    [InlineData("--label", "no-equals-sign")]
    [InlineData("--label", "etcdsnap.io/tick=x")]
    [InlineData("--encryption-key-file", "/nonexistent/key")]
    [InlineData("--keep-daily", "-1")]
    [InlineData("--repo", "ftp://host/x")]
    public async Task Backup_UnusableFlag_Usage(string flag, string value)
    {
        var r = await CliRunner.RunAsync("backup", "--endpoints", Endpoint, "--repo", "/nonexistent/repo", flag, value);

        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error: ", r.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists("/nonexistent/repo"));
    }

    [Theory]
    [InlineData("--schedule", "every hour")]
    [InlineData("--listen", "localhost")]
    [InlineData("--election-name", "a/b")]
    [InlineData("--lease-ttl", "1s")]
    [InlineData("--run-timeout", "soon")]
    [InlineData("--compression-level", "99")]
    public async Task Agent_UnusableFlag_Usage(string flag, string value)
    {
        string[] schedule = flag == "--schedule" ? [] : ["--schedule", "hourly"];

        var r = await CliRunner.RunAsync(["agent", "--endpoints", Endpoint, "--repo", "/nonexistent/repo", "--listen", "off", .. schedule, flag, value]);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains(flag, r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--schedule=@hourly", "@hourly")]
    [InlineData("hourly", "hourly")]
    public void Agent_MacroSchedules_ReachTheAgent(string arg, string expected)
    {
        // "--schedule @hourly" would be read as a response file named "hourly"; these two forms are not.
        string[] args = arg.StartsWith("--", StringComparison.Ordinal) ? ["agent", arg] : ["agent", "--schedule", arg];

        var result = CommandTree.Build(new CliConsole(TextWriter.Null, TextWriter.Null, Interactive: false)).Parse(args);

        Assert.Empty(result.Errors);
        var schedule = result.CommandResult.Command.Options.Single(o => o.Name == "--schedule");
        Assert.Equal(expected, result.GetValue((System.CommandLine.Option<string>)schedule));
        Assert.NotNull(EtcdSnap.Core.Agent.BackupSchedule.Parse(expected).Next(DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task Agent_NoSchedule_Usage() =>
        Assert.Equal(2, (await CliRunner.RunAsync("agent", "--repo", "/nonexistent/repo")).ExitCode);
}
