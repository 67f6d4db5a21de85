using System.Text.Json;
using EtcdSnap.Cli.Tests;
using EtcdSnap.Core.Node;
using EtcdSnap.Testing;

namespace EtcdSnap.IntegrationTests.Cli;

/// <summary>The save, status and verify verbs end to end against real etcd, with etcdctl as the reference.</summary>
public sealed class SaveStatusVerifyTests
{
    [Fact]
    public async Task Save_MutualTlsFlags_WritesVerifiedSnapshotEtcdctlAccepts()
    {
        using var temp = new TempDirectory();
        var pki = TestPki.Create(temp.Combine("pki"));
        await using var etcd = await EtcdProcess.StartAsync(new EtcdProcessOptions { Tls = pki.EtcdFiles });
        await etcd.Etcdctl.PutAsync("/registry/configmaps/default/a", "1");
        var target = temp.Combine("out", "nested", "snap.db");

        var save = await CliRunner.RunAsync("save", target, "--endpoints", etcd.ClientUrl, "--cacert", pki.CaCert,
            "--cert", pki.HealthcheckClientCert, "--key", pki.HealthcheckClientKey, "-o", "json");

        Assert.True(save.ExitCode == 0, save.Stderr);
        using var record = JsonDocument.Parse(save.Stdout);
        Assert.Equal(target, record.RootElement.GetProperty("file").GetString());
        Assert.Equal("3.4.23", record.RootElement.GetProperty("etcdVersion").GetString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(target));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(temp.Combine("out", "nested")));
        Assert.Empty(Directory.GetFiles(temp.Combine("out", "nested"), "*.part"));
        var sidecar = JsonDocument.Parse(await File.ReadAllTextAsync(target + ".json")).RootElement;
        Assert.Equal(record.RootElement.GetProperty("sha256").GetString(), sidecar.GetProperty("sha256").GetString());
        var etcdctl = await Etcdctl.OfflineAsync("snapshot", "status", target, "-w", "json");
        Assert.Equal(0, etcdctl.ExitCode);
        Assert.Equal(JsonDocument.Parse(etcdctl.Stdout).RootElement.GetProperty("revision").GetInt64(),
            record.RootElement.GetProperty("revision").GetInt64());
    }

    [Fact]
    public async Task Status_Json_EqualsEtcdctlSnapshotStatus_ForSnapshotAndRawDb()
    {
        using var temp = new TempDirectory();
        await using var etcd = await EtcdProcess.StartAsync();
        for (var i = 0; i < 50; i++)
        {
            await etcd.Etcdctl.PutAsync($"/k/{i % 7}", new string('x', i * 100));
        }

        await etcd.Etcdctl.CheckedAsync("del", "/k/3");
        var snapshot = temp.Combine("s.db");
        Assert.Equal(0, (await CliRunner.RunAsync("save", snapshot, "--endpoints", etcd.ClientUrl)).ExitCode);
        var raw = temp.Combine("raw.db");
        await using (var source = File.OpenRead(snapshot))
        await using (var copy = File.Create(raw))
        {
            await source.CopyToAsync(copy);
            copy.SetLength(source.Length - 32);
        }

        foreach (var file in new[] { snapshot, raw })
        {
            var ours = await CliRunner.RunAsync("status", file, "-o", "json");
            var theirs = await Etcdctl.OfflineAsync("snapshot", "status", file, "-w", "json");

            Assert.Equal(0, ours.ExitCode);
            Assert.Equal(Normalize(theirs.Stdout), Normalize(ours.Stdout));
        }
    }

    [Fact]
    public async Task Verify_GoodSnapshotExits0_FlippedByteExits3_RawDbNeedsSkipHashCheck()
    {
        using var temp = new TempDirectory();
        await using var etcd = await EtcdProcess.StartAsync();
        await etcd.Etcdctl.PutAsync("a", "b");
        var snapshot = temp.Combine("s.db");
        Assert.Equal(0, (await CliRunner.RunAsync("save", snapshot, "--endpoints", etcd.ClientUrl)).ExitCode);
        var before = await File.ReadAllBytesAsync(snapshot);

        var good = await CliRunner.RunAsync("verify", snapshot);
        Assert.Equal(0, good.ExitCode);
        Assert.Contains("Restorable:  yes", good.Stdout, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(snapshot)); // read-only

        var flipped = temp.Combine("flipped.db");
        var bytes = before.ToArray();
        bytes[4096 * 2 + 100] ^= 0x01;
        await File.WriteAllBytesAsync(flipped, bytes);
        var bad = await CliRunner.RunAsync("verify", flipped, "-o", "json");
        Assert.Equal(3, bad.ExitCode);
        Assert.False(JsonDocument.Parse(bad.Stdout).RootElement.GetProperty("restorable").GetBoolean());
        Assert.Contains("sha256 mismatch", bad.Stdout, StringComparison.Ordinal);

        var raw = temp.Combine("raw.db");
        await File.WriteAllBytesAsync(raw, before[..^32]);
        var rawResult = await CliRunner.RunAsync("verify", raw);
        Assert.Equal(3, rawResult.ExitCode);
        Assert.Contains("hint: a raw db copy has no trailer", rawResult.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, (await CliRunner.RunAsync("verify", raw, "--skip-hash-check")).ExitCode);
    }

    [Fact]
    public async Task Save_SeveralEndpoints_UsesLeaderAndSaysSo()
    {
        using var temp = new TempDirectory();
        await using var cluster = await EtcdCluster.StartAsync(3);
        var leader = await cluster.FindLeaderAsync();

        var save = await CliRunner.RunAsync("save", temp.Combine("s.db"), "--endpoints", string.Join(',', cluster.ClientUrls),
            "-o", "json");

        Assert.True(save.ExitCode == 0, save.Stderr);
        var record = JsonDocument.Parse(save.Stdout).RootElement;
        Assert.Equal(leader.ClientUrl, record.GetProperty("endpoint").GetString());
        Assert.True(record.GetProperty("wasLeader").GetBoolean());
        Assert.Contains("leader", record.GetProperty("selection").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RealProcess_EnvironmentVariables_AreUsed_AndErrorsAreOneLineWithDocumentedCodes()
    {
        using var temp = new TempDirectory();
        await using var etcd = await EtcdProcess.StartAsync();
        var env = new Dictionary<string, string?> { ["ETCDCTL_ENDPOINTS"] = etcd.ClientUrl };

        var saved = await CliProcess.RunAsync(["save", temp.Combine("s.db")], env);
        Assert.True(saved.ExitCode == 0, saved.Stderr);

        var exists = await CliProcess.RunAsync(["save", temp.Combine("s.db")], env);
        Assert.Equal(5, exists.ExitCode);
        Assert.StartsWith("error: save: ", exists.Stderr, StringComparison.Ordinal);

        var refused = await CliProcess.RunAsync(["save", temp.Combine("t.db"), "--endpoints", $"127.0.0.1:{LoopbackPorts.Next()}"]);
        Assert.Equal(4, refused.ExitCode);
        Assert.Contains("connection refused", refused.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", refused.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.Combine("t.db")));
        Assert.Empty(Directory.GetFiles(temp.Path, "*.part"));

        var badFlag = await CliProcess.RunAsync(["save", "--dial-timeout", "soon"]);
        Assert.Equal(2, badFlag.ExitCode);
        Assert.Equal("error: --dial-timeout: invalid duration \"soon\" (use e.g. 500ms, 2s, 1m30s)\n", badFlag.Stderr);
    }

    [Fact]
    public async Task Save_WrongCa_Exits4WithTrustMessage_AndLeavesNothing()
    {
        using var temp = new TempDirectory();
        var pki = TestPki.Create(temp.Combine("pki"));
        var other = TestPki.Create(temp.Combine("other"), "other");
        await using var etcd = await EtcdProcess.StartAsync(new EtcdProcessOptions { Tls = pki.EtcdFiles });

        var r = await CliRunner.RunAsync("save", temp.Combine("s.db"), "--endpoints", etcd.ClientUrl, "--cacert", other.CaCert,
            "--cert", pki.HealthcheckClientCert, "--key", pki.HealthcheckClientKey);

        Assert.Equal(4, r.ExitCode);
        Assert.Contains("not trusted by --cacert", r.Stderr, StringComparison.Ordinal);
        Assert.Single(r.Stderr.Trim().Split('\n'), l => l.StartsWith("error: ", StringComparison.Ordinal));
        Assert.False(File.Exists(temp.Combine("s.db")));
    }

    private static string Normalize(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);
}
