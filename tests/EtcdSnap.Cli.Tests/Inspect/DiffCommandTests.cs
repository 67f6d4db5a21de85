using System.Security.Cryptography;

namespace EtcdSnap.Cli.Tests.Inspect;

public sealed class DiffCommandTests
{
    [Theory]
    [InlineData("diff-demo.json", "-o", "json")]
    [InlineData("diff-demo.txt")]
    [InlineData("diff-demo-all-keys.txt", "--all-keys")]
    [InlineData("diff-demo-default-pods.yaml", "-n", "default", "--resource", "pods", "-o", "yaml")]
    public async Task Diff_Demo_MatchesGolden(string golden, params string[] options)
    {
        var r = await CliRunner.RunAsync(["diff", InspectGolden.DemoBefore, InspectGolden.DemoAfter, .. options]);

        Assert.Equal(0, r.ExitCode);
        InspectGolden.Assert(golden, r.Stdout);
    }

    [Fact]
    public async Task Diff_WarnsForEachSnapshotWithUnencryptedSecrets()
    {
        var r = await CliRunner.RunAsync("diff", InspectGolden.DemoBefore, InspectGolden.DemoAfter);

        var warnings = r.Stderr.TrimEnd('\n').Split('\n');
        Assert.Equal(2, warnings.Length);
        Assert.StartsWith($"warning: {InspectGolden.DemoBefore} holds 1 Secret", warnings[0], StringComparison.Ordinal);
        Assert.StartsWith($"warning: {InspectGolden.DemoAfter} holds 1 Secret", warnings[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task LsGetDiff_LeaveTheSnapshotsUnchanged()
    {
        var files = new[] { InspectGolden.DemoBefore, InspectGolden.DemoAfter };
        var before = files.Select(f => (Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f))), File.GetLastWriteTimeUtc(f))).ToList();

        await CliRunner.RunAsync("ls", files[0], "--all-keys", "--verify");
        await CliRunner.RunAsync("get", files[1], "deploy", "red", "--verify");
        await CliRunner.RunAsync("diff", files[0], files[1], "--all-keys", "--verify");

        Assert.Equal(before, files.Select(f => (Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(f))), File.GetLastWriteTimeUtc(f))));
    }
}
