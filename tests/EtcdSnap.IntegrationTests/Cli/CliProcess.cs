using EtcdSnap.Cli.Tests;
using EtcdSnap.Testing;

namespace EtcdSnap.IntegrationTests.Cli;

/// <summary>Runs the built CLI as a real child process: exit codes, environment variables and stderr as a user sees them.</summary>
public static class CliProcess
{
    public static async Task<CliResult> RunAsync(IEnumerable<string> args, IDictionary<string, string?>? environment = null,
        TimeSpan? timeout = null)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "etcdsnap.dll");
        var r = await ProcessRunner.RunAsync("dotnet", [dll, .. args], timeout ?? TimeSpan.FromMinutes(2), environment);
        return new CliResult(r.ExitCode, r.Stdout, r.Stderr);
    }
}
