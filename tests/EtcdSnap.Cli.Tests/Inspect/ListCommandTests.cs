using System.Text.Json;

namespace EtcdSnap.Cli.Tests.Inspect;

public sealed class ListCommandTests
{
    [Theory]
    [InlineData("ls-demo-before.json", "-o", "json")]
    [InlineData("ls-demo-before.txt")]
    [InlineData("ls-demo-after-all-keys.json", "--all-keys", "-o", "json")]
    [InlineData("ls-demo-after-all-keys.txt", "--all-keys")]
    [InlineData("ls-demo-before-kube-system-cm.yaml", "-n", "kube-system", "--resource", "cm", "-o", "yaml")]
    public async Task Ls_Demo_MatchesGolden(string golden, params string[] options)
    {
        var snapshot = golden.Contains("after", StringComparison.Ordinal) ? InspectGolden.DemoAfter : InspectGolden.DemoBefore;

        var r = await CliRunner.RunAsync(["ls", snapshot, .. options]);

        Assert.Equal(0, r.ExitCode);
        InspectGolden.Assert(golden, r.Stdout);
    }

    [Fact]
    public async Task Ls_Json_HasTheContractFields()
    {
        var r = await CliRunner.RunAsync("ls", InspectGolden.DemoBefore, "-o", "json");

        using var doc = JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.Equal(["revision", "compactRevision", "objects", "totals", "secrets"], root.EnumerateObject().Select(p => p.Name));
        var pod = root.GetProperty("objects").EnumerateArray().First(o => o.GetProperty("resource").GetString() == "pods");
        Assert.Equal(["key", "resource", "namespace", "name", "apiVersion", "kind", "encoding", "size", "createRevision", "modRevision"],
            pod.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["encrypted", "json", "protobuf"],
            root.GetProperty("objects").EnumerateArray().Select(o => o.GetProperty("encoding").GetString()).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Ls_UnencryptedSecrets_WarnOnStderrOnly()
    {
        var r = await CliRunner.RunAsync("ls", InspectGolden.DemoBefore, "-o", "json");

        Assert.Equal(
            $"warning: {InspectGolden.DemoBefore} holds 1 Secret without encryption at rest (1 encrypted): the file is as sensitive as the cluster\n",
            r.Stderr);
        JsonDocument.Parse(r.Stdout).Dispose();
    }

    [Fact]
    public async Task Ls_AllSecretsEncrypted_SaysNothing()
    {
        var r = await CliRunner.RunAsync("ls", InspectGolden.EncryptedCustomPrefix, "--etcd-prefix", "/k8s");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Stderr);
        Assert.StartsWith("revision 11: 8 objects, 2 other keys (--all-keys lists them)\n", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ls_DefaultPrefixOnAnotherClustersKeys_HintsAtEtcdPrefix()
    {
        var r = await CliRunner.RunAsync("ls", InspectGolden.EncryptedCustomPrefix);

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("warning: no key is under /registry/, but 9 keys are elsewhere; if kube-apiserver ran with another --etcd-prefix, " +
            "pass it with --etcd-prefix", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-A")]
    [InlineData("--all-namespaces")]
    public async Task Ls_AllNamespaces_IsTheDefault(string flag)
    {
        var plain = await CliRunner.RunAsync("ls", InspectGolden.DemoBefore, "-o", "json");
        var all = await CliRunner.RunAsync("ls", InspectGolden.DemoBefore, flag, "-o", "json");

        Assert.Equal(plain.Stdout, all.Stdout);
    }

    [Fact]
    public async Task Ls_NamespaceAndAllNamespaces_IsAUsageError()
    {
        var r = await CliRunner.RunAsync("ls", InspectGolden.DemoBefore, "-n", "default", "-A");

        Assert.Equal(2, r.ExitCode);
        Assert.Equal("error: --namespace and --all-namespaces cannot be used together\n", r.Stderr);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public async Task Ls_UnknownResource_IsAUsageErrorWithHint()
    {
        var r = await CliRunner.RunAsync("ls", InspectGolden.DemoBefore, "--resource", "frobs");

        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error: the snapshot has no resource type \"frobs\"\nhint: ", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ls_MissingFile_IsAUsageError()
    {
        var r = await CliRunner.RunAsync("ls", "/nonexistent/backup.db");

        Assert.Equal(2, r.ExitCode);
        Assert.Equal("error: snapshot \"/nonexistent/backup.db\": no such file\n", r.Stderr);
    }

    [Fact]
    public async Task Ls_NotASnapshot_IsCorruptData()
    {
        using var temp = new Testing.TempDirectory("inspect-cli");
        var path = Path.Combine(temp.Path, "notes.txt");
        await File.WriteAllTextAsync(path, new string('x', 10_000));

        var r = await CliRunner.RunAsync("ls", path);

        Assert.Equal(3, r.ExitCode);
        Assert.StartsWith($"error: {path}", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("meta", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ls_EmptyEtcdPrefix_IsAUsageError()
    {
        var r = await CliRunner.RunAsync("ls", InspectGolden.DemoBefore, "--etcd-prefix", "/");

        Assert.Equal(2, r.ExitCode);
        Assert.Equal("error: --etcd-prefix: \"/\" is empty\n", r.Stderr);
    }
}
