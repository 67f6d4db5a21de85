using System.Text;
using EtcdSnap.Testing;

namespace EtcdSnap.Core.Tests.Restore;

/// <summary>
/// Snapshots made by a real etcd 3.4 member for the restore tests: puts, overwrites, deletes, a lease with keys, a value
/// that spills into overflow pages, a compaction; saved with <c>etcdctl snapshot save</c> (with trailer), plus a raw copy
/// of <c>member/snap/db</c> after a clean stop (no trailer). Built once per test collection.
/// </summary>
public sealed class RestoreSnapshots : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _temp = new("restore-core");

    /// <summary>The <c>etcdctl snapshot save</c> file.</summary>
    public string SnapshotPath => _temp.Combine("snapshot.db");

    /// <summary>The stopped member's <c>member/snap/db</c>.</summary>
    public string RawDbPath => _temp.Combine("raw.db");

    public async Task InitializeAsync()
    {
        await using var etcd = await EtcdProcess.StartAsync(new EtcdProcessOptions { Name = "core-src" });
        await EtcdLoad.TxnAsync(etcd, Enumerable.Range(0, 1500).Select(i => $"put /registry/pods/ns/p-{i:D5} v1-{i}-{new string('x', i % 300)}"));
        await EtcdLoad.TxnAsync(etcd, Enumerable.Range(0, 300).Select(i => $"put /registry/pods/ns/p-{i:D5} v2-{i}"));
        await EtcdLoad.TxnAsync(etcd, Enumerable.Range(0, 60).Select(i => $"del /registry/pods/ns/p-{i * 5:D5}"));
        var lease = (await etcd.Etcdctl.CheckedAsync("lease", "grant", "600")).Split(' ')[1];
        await EtcdLoad.TxnAsync(etcd, Enumerable.Range(0, 10).Select(i => $"put --lease={lease} /registry/leases/n-{i} held"));
        var big = new byte[120_000];
        new Random(7).NextBytes(big);
        await EtcdLoad.PutStdinAsync(etcd, "/big/value", Convert.ToBase64String(big)); // 160 KB: an overflow run
        var revision = await EtcdLoad.RevisionAsync(etcd);
        await etcd.Etcdctl.CheckedAsync("compact", revision.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await EtcdLoad.TxnAsync(etcd, Enumerable.Range(0, 100).Select(i => $"put /after/{i:D3} a"));
        await etcd.Etcdctl.CheckedAsync("snapshot", "save", SnapshotPath);
        await etcd.StopAsync();
        File.Copy(Path.Combine(etcd.DataDir, "member", "snap", "db"), RawDbPath);
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _temp.Dispose();
}

/// <summary>The tests that share one <see cref="RestoreSnapshots"/>.</summary>
[CollectionDefinition(Name)]
public sealed class RestoreSnapshotsGroup : ICollectionFixture<RestoreSnapshots>
{
    public const string Name = "restore snapshots (etcd 3.4)";
}

/// <summary>Loading data into a real member with etcdctl.</summary>
internal static class EtcdLoad
{
    /// <summary>One <c>etcdctl txn</c> per 125 operations (etcd's default <c>--max-txn-ops</c> is 128).</summary>
    public static async Task TxnAsync(EtcdProcess etcd, IEnumerable<string> ops)
    {
        foreach (var chunk in ops.Chunk(125))
        {
            var input = new StringBuilder("\n");
            foreach (var op in chunk)
            {
                input.Append(op).Append('\n');
            }

            input.Append("\n\n");
            var r = await ProcessRunner.RunAsync(EtcdBinaries.Etcdctl, ["--endpoints", etcd.ClientUrl, "txn"], TimeSpan.FromMinutes(1),
                new Dictionary<string, string?> { ["ETCDCTL_API"] = "3" }, stdin: input.ToString());
            r.EnsureSuccess("etcdctl txn");
            Assert.Contains("SUCCESS", r.Stdout, StringComparison.Ordinal);
        }
    }

    public static async Task PutStdinAsync(EtcdProcess etcd, string key, string value)
    {
        var r = await ProcessRunner.RunAsync(EtcdBinaries.Etcdctl, ["--endpoints", etcd.ClientUrl, "put", key], TimeSpan.FromMinutes(1),
            new Dictionary<string, string?> { ["ETCDCTL_API"] = "3" }, stdin: value);
        r.EnsureSuccess("etcdctl put " + key);
    }

    public static async Task<long> RevisionAsync(EtcdProcess etcd)
    {
        using var doc = System.Text.Json.JsonDocument.Parse(await etcd.Etcdctl.CheckedAsync("get", "/", "-w", "json"));
        return doc.RootElement.GetProperty("header").GetProperty("revision").GetInt64();
    }
}
