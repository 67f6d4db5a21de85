using EtcdSnap.Cli;
using EtcdSnap.Cli.Infrastructure;

namespace EtcdSnap.IntegrationTests.Backups;

/// <summary>The result of one in-process CLI run.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public CliRun EnsureSuccess()
    {
        Assert.True(ExitCode == 0, $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}");
        return this;
    }
}

/// <summary>Runs etcdsnap in-process with captured output, as a script would (no terminal).</summary>
internal static class BackupCli
{
    public static async Task<CliRun> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, new CliConsole(stdout, stderr, Interactive: false));
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }
}
