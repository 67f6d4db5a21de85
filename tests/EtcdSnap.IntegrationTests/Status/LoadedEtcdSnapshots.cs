using System.Globalization;
using System.Text;
using System.Text.Json;
using EtcdSnap.Testing;

namespace EtcdSnap.IntegrationTests.Status;

/// <summary>
/// A real etcd 3.4 member loaded with varied data (tens of thousands of keys, overwrites, deletes, leases with keys, a
/// compaction, values of hundreds of KiB), then an <c>etcdctl snapshot save</c> and a raw copy of <c>member/snap/db</c>
/// taken after a graceful stop. Built once per test class.
/// </summary>
public sealed class LoadedEtcdSnapshots : IAsyncLifetime, IDisposable
{
    private const int KeyCount = 30_000;
    private const int OpsPerTxn = 125; // etcd's default --max-txn-ops is 128
    private readonly TempDirectory _temp = new("status-it");

    public string SnapshotPath => _temp.Combine("snapshot.db");

    public string RawDbPath => _temp.Combine("raw.db");

    public string TempPath => _temp.Path;

    /// <summary><c>etcdctl get "" --prefix -w json</c> just before the save: every live key with its revisions.</summary>
    public string LiveKeysPath => _temp.Combine("live.json");

    /// <summary>The key-values of an <c>etcdctl get -w json</c> output, each as its raw JSON, in key order.</summary>
    public static List<string> KeyValues(string getJson, out long revision)
    {
        using var doc = JsonDocument.Parse(getJson);
        revision = doc.RootElement.GetProperty("header").GetProperty("revision").GetInt64();
        return doc.RootElement.TryGetProperty("kvs", out var kvs) ? [.. kvs.EnumerateArray().Select(kv => kv.GetRawText())] : [];
    }

    public async Task InitializeAsync()
    {
        await using var etcd = await EtcdProcess.StartAsync();
        await PutManyAsync(etcd, "/registry/pods/ns-a/pod-", 0, KeyCount, "v1");
        await PutManyAsync(etcd, "/registry/pods/ns-a/pod-", 0, 5_000, "v2-overwrite");
        await TxnAsync(etcd, Enumerable.Range(0, 120).Select(i => $"del /registry/pods/ns-a/pod-{i * 7:D6}"));
        var lease = (await etcd.Etcdctl.CheckedAsync("lease", "grant", "900")).Split(' ')[1];
        await TxnAsync(etcd, Enumerable.Range(0, 50).Select(i => $"put --lease={lease} /registry/leases/node-{i} held"));
        await etcd.Etcdctl.CheckedAsync("lease", "grant", "60");
        var random = new Random(42);
        foreach (var size in new[] { 5_000, 150_000, 700_000 })
        {
            var bytes = new byte[size * 3 / 4];
            random.NextBytes(bytes);
            await EtcdctlWithStdinAsync(etcd, ["put", $"/big/{size}"], Convert.ToBase64String(bytes));
        }

        var revision = await RevisionAsync(etcd);
        await etcd.Etcdctl.CheckedAsync("compact", revision.ToString(CultureInfo.InvariantCulture));
        await PutManyAsync(etcd, "/registry/secrets/kube-system/s-", 0, 1_000, "after-compaction");
        await etcd.Etcdctl.CheckedAsync("del", "/big/5000");
        await File.WriteAllTextAsync(LiveKeysPath, await etcd.Etcdctl.CheckedAsync("get", "", "--prefix", "-w", "json"));
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

    /// <summary>etcdctl's own <c>snapshot status -w json</c> of a file: the reference.</summary>
    public static async Task<(uint Hash, long Revision, long TotalKey, long TotalSize)> EtcdctlStatusAsync(string path)
    {
        var result = await Etcdctl.OfflineAsync("snapshot", "status", "-w", "json", path);
        result.EnsureSuccess("etcdctl snapshot status " + path);
        using var doc = JsonDocument.Parse(result.Stdout);
        var r = doc.RootElement;
        return (r.GetProperty("hash").GetUInt32(), r.GetProperty("revision").GetInt64(), r.GetProperty("totalKey").GetInt64(),
            r.GetProperty("totalSize").GetInt64());
    }

    private static async Task PutManyAsync(EtcdProcess etcd, string prefix, int from, int to, string value)
    {
        var batches = new List<IEnumerable<string>>();
        for (var start = from; start < to; start += OpsPerTxn)
        {
            var end = Math.Min(start + OpsPerTxn, to);
            batches.Add(Enumerable.Range(start, end - start).Select(i => $"put {prefix}{i:D6} {value}-{i}-{new string('x', i % 200)}"));
        }

        // A few etcdctl processes at a time: each commits one transaction of 125 puts.
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 4 },
            async (batch, _) => await TxnAsync(etcd, batch));
    }

    private static async Task TxnAsync(EtcdProcess etcd, IEnumerable<string> ops)
    {
        // etcdctl txn on stdin: compares, blank line, success ops, blank line, failure ops, blank line.
        var input = new StringBuilder("\n");
        foreach (var op in ops)
        {
            input.Append(op).Append('\n');
        }

        input.Append("\n\n");
        var result = await EtcdctlWithStdinAsync(etcd, ["txn"], input.ToString());
        Assert.Contains("SUCCESS", result, StringComparison.Ordinal);
    }

    private static async Task<string> EtcdctlWithStdinAsync(EtcdProcess etcd, string[] args, string stdin)
    {
        var result = await ProcessRunner.RunAsync(EtcdBinaries.Etcdctl, ["--endpoints", etcd.ClientUrl, .. args],
            TimeSpan.FromMinutes(1), new Dictionary<string, string?> { ["ETCDCTL_API"] = "3" }, stdin: stdin);
        result.EnsureSuccess("etcdctl " + string.Join(' ', args));
        return result.Stdout;
    }

    private static async Task<long> RevisionAsync(EtcdProcess etcd)
    {
        using var doc = JsonDocument.Parse(await etcd.Etcdctl.CheckedAsync("get", "/", "-w", "json"));
        return doc.RootElement.GetProperty("header").GetProperty("revision").GetInt64();
    }
}

/// <summary>The test classes that share one <see cref="LoadedEtcdSnapshots"/> (it takes a while to load).</summary>
[CollectionDefinition(Name)]
public sealed class LoadedEtcdGroup : ICollectionFixture<LoadedEtcdSnapshots>
{
    public const string Name = "loaded etcd 3.4 snapshots";
}
