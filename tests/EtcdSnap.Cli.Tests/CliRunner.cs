using EtcdSnap.Cli.Infrastructure;

namespace EtcdSnap.Cli.Tests;

/// <summary>The result of one in-process CLI run.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr);

/// <summary>Runs the CLI in-process with captured output, as a user would from a non-terminal.</summary>
public static class CliRunner
{
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, new CliConsole(stdout, stderr, Interactive: false));
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }
}
