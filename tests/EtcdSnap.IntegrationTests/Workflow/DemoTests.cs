using EtcdSnap.Testing;
using Xunit.Abstractions;

namespace EtcdSnap.IntegrationTests.Workflow;

public sealed class DemoTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Demo_PlaysTheSeedStory_EveryObjectBack_CleansUp()
    {
        using var temp = new TempDirectory("demo-test");
        var root = temp.Combine("node");
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var (code, stdout, stderr) = await EtcdSnap.Cli.Tests.CliRunner.RunAsync("demo", "--root", root);

        output.WriteLine(stdout);
        output.WriteLine(stderr);
        Assert.Equal(0, code);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(45), $"the demo took {clock.Elapsed}");
        var text = stdout;
        foreach (var name in new[] { "deployment.apps/blue", "deployment.apps/red", "replicaset.apps/blue-6b478c8dbf", "service/blue-service",
            "service/red-service", "pod/blue-6b478c8dbf-2pxxs", "pod/red-6684f7669d-cvmg4" })
        {
            Assert.Matches($@"default\s+{System.Text.RegularExpressions.Regex.Escape(name)}\s+rev \d+\s+-\s+rev \d+, same bytes", text);
        }

        Assert.Contains("[demo] every object is back", text, StringComparison.Ordinal);
        Assert.Contains("[restore/manifest] moved new manifest to", text, StringComparison.Ordinal);
        Assert.Contains($"[demo/cleanup] stopped every pod and removed {root}", text, StringComparison.Ordinal);
        Assert.False(Directory.Exists(root));
        Assert.Empty(stderr);
        Assert.DoesNotContain(Directory.GetDirectories("/proc"), p => CommandLine(p).Contains(root, StringComparison.Ordinal));
    }

    private static string CommandLine(string procDir)
    {
        try
        {
            return File.ReadAllText(Path.Combine(procDir, "cmdline"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }
}
