using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EtcdSnap.Etcd;
using EtcdSnap.IntegrationTests.Etcd;
using EtcdSnap.Testing;

namespace EtcdSnap.IntegrationTests.Restore;

/// <summary>One key as a client sees it, with every MVCC field and a digest of the value.</summary>
public sealed record KeyRecord(string Key, long CreateRevision, long ModRevision, long Version, long Lease, string ValueSha256)
{
    public static KeyRecord From(EtcdKeyValue kv) => new(kv.KeyText, kv.CreateRevision, kv.ModRevision, kv.Version, kv.Lease,
        Convert.ToHexStringLower(SHA256.HashData(kv.Value.Span)));
}

/// <summary>
/// A real etcd 3.4 member loaded with a varied data set, then snapshotted, its state recorded, and stopped:
/// 100,000+ keys in transactions, overwrites, deletes, two leases with keys (and one without), a compaction, values from
/// a few bytes to about 1 MB (overflow pages), in all about 110 MB of db. Built once per test collection.
/// </summary>
public sealed class RestoreSourceData : IAsyncLifetime, IDisposable
{
    public const int SmallKeys = 100_000;
    private const int LargeValues = 100;
    private readonly TempDirectory _temp = new("restore-it");

    public string SnapshotPath => _temp.Combine("snapshot.db");

    /// <summary>Every live key after the load, in key order.</summary>
    public IReadOnlyList<KeyRecord> Keys { get; private set; } = [];

    /// <summary>The store revision at the save.</summary>
    public long Revision { get; private set; }

    /// <summary>A revision below the compaction: reads there fail on the source as well.</summary>
    public long CompactedRevision { get; private set; }

    /// <summary>Lease ID → the keys attached, as the source reported them.</summary>
    public IReadOnlyDictionary<long, IReadOnlyList<string>> Leases { get; private set; } = new Dictionary<long, IReadOnlyList<string>>();

    public async Task InitializeAsync()
    {
        await using var etcd = await EtcdProcess.StartAsync(new EtcdProcessOptions
        {
            Name = "restore-source",
            ExtraArgs = ["--quota-backend-bytes", (4L << 30).ToString(CultureInfo.InvariantCulture)],
        }, TimeSpan.FromSeconds(60));
        await TxnsAsync(etcd, Enumerable.Range(0, SmallKeys).Select(i =>
            $"put /registry/pods/ns-{i % 200:D3}/pod-{i:D6} {{\"v\":1,\"i\":{i},\"pad\":\"{new string('p', i % 150)}\"}}"));
        await TxnsAsync(etcd, Enumerable.Range(0, 10_000).Select(i => $"put /registry/pods/ns-{i % 200:D3}/pod-{i:D6} overwritten-{i}"));
        await TxnsAsync(etcd, Enumerable.Range(0, 500).Select(i => $"del /registry/pods/ns-{i * 13 % 200:D3}/pod-{i * 13:D6}"));
        CompactedRevision = await RevisionAsync(etcd);

        var leaseA = ParseLease(await etcd.Etcdctl.CheckedAsync("lease", "grant", "3600"));
        var leaseB = ParseLease(await etcd.Etcdctl.CheckedAsync("lease", "grant", "7200"));
        await etcd.Etcdctl.CheckedAsync("lease", "grant", "1800");
        await TxnsAsync(etcd, Enumerable.Range(0, 40).Select(i => $"put --lease={leaseA:x} /registry/leases/kube-node-lease/node-{i} held"));
        await TxnsAsync(etcd, Enumerable.Range(0, 5).Select(i => $"put --lease={leaseB:x} /registry/events/e-{i} held"));

        using var factory = EtcdTestClient.Factory(etcd, commandTimeout: TimeSpan.FromSeconds(30));
        using var client = factory.CreateMemberClient();
        var random = new Random(2024);
        foreach (var size in new[] { 3_000, 20_000, 150_000, 700_000 })
        {
            await client.PutAsync($"/big/{size}", RandomText(random, size));
        }

        for (var i = 0; i < LargeValues; i++)
        {
            await client.PutAsync($"/registry/configmaps/big/cm-{i:D3}", RandomText(random, 1_000_000));
        }

        await etcd.Etcdctl.CheckedAsync("compact", (CompactedRevision + 1).ToString(CultureInfo.InvariantCulture));
        await client.DeleteAsync("/big/3000");
        await TxnsAsync(etcd, Enumerable.Range(0, 1_000).Select(i => $"put /registry/secrets/kube-system/s-{i:D4} after-compaction-{i}"));

        Keys = await ReadAllAsync(client);
        Revision = await RevisionAsync(etcd);
        Leases = await LeasesAsync(etcd);
        await etcd.Etcdctl.CheckedAsync("snapshot", "save", SnapshotPath);
        await etcd.StopAsync();
    }

    /// <summary>Every key of a member through our client, paged, in key order.</summary>
    public static async Task<IReadOnlyList<KeyRecord>> ReadAllAsync(EtcdMemberClient client)
    {
        var keys = new List<KeyRecord>();
        await foreach (var kv in client.RangePagedAsync("", pageSize: 2000))
        {
            keys.Add(KeyRecord.From(kv));
        }

        return keys;
    }

    /// <summary>Leases and their keys, as <c>etcdctl lease list</c> and <c>lease timetolive --keys</c> report them.</summary>
    public static async Task<IReadOnlyDictionary<long, IReadOnlyList<string>>> LeasesAsync(EtcdProcess etcd)
    {
        var result = new SortedDictionary<long, IReadOnlyList<string>>();
        using var list = JsonDocument.Parse(await etcd.Etcdctl.CheckedAsync("lease", "list", "-w", "json"));
        foreach (var lease in list.RootElement.TryGetProperty("leases", out var l) ? l.EnumerateArray() : default)
        {
            var id = lease.GetProperty("id").GetInt64();
            using var ttl = JsonDocument.Parse(await etcd.Etcdctl.CheckedAsync("lease", "timetolive", id.ToString("x", CultureInfo.InvariantCulture), "--keys", "-w", "json"));
            result[id] = ttl.RootElement.TryGetProperty("keys", out var keys) && keys.ValueKind == JsonValueKind.Array
                ? [.. keys.EnumerateArray().Select(k => Encoding.UTF8.GetString(k.GetBytesFromBase64())).Order(StringComparer.Ordinal)]
                : [];
        }

        return result;
    }

    public static async Task<long> RevisionAsync(EtcdProcess etcd)
    {
        using var doc = JsonDocument.Parse(await etcd.Etcdctl.CheckedAsync("get", "/", "-w", "json"));
        return doc.RootElement.GetProperty("header").GetProperty("revision").GetInt64();
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _temp.Dispose();

    private static long ParseLease(string grant) => long.Parse(grant.Split(' ')[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    private static string RandomText(Random random, int size)
    {
        var bytes = new byte[size * 3 / 4];
        random.NextBytes(bytes);
        return Convert.ToBase64String(bytes);
    }

    /// <summary>Transactions of 125 operations (etcd's <c>--max-txn-ops</c> is 128), four etcdctl processes at a time.</summary>
    private static Task TxnsAsync(EtcdProcess etcd, IEnumerable<string> ops) =>
        Parallel.ForEachAsync(ops.Chunk(125), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (chunk, _) =>
        {
            var input = new StringBuilder("\n");
            foreach (var op in chunk)
            {
                input.Append(op).Append('\n');
            }

            input.Append("\n\n");
            var r = await ProcessRunner.RunAsync(EtcdBinaries.Etcdctl, ["--endpoints", etcd.ClientUrl, "txn"], TimeSpan.FromMinutes(2),
                new Dictionary<string, string?> { ["ETCDCTL_API"] = "3" }, stdin: input.ToString());
            r.EnsureSuccess("etcdctl txn");
            Assert.Contains("SUCCESS", r.Stdout, StringComparison.Ordinal);
        });
}

/// <summary>The test classes that share one <see cref="RestoreSourceData"/> (it takes a minute to load).</summary>
[CollectionDefinition(Name)]
public sealed class RestoreSourceGroup : ICollectionFixture<RestoreSourceData>
{
    public const string Name = "restore source data (etcd 3.4, 100k keys)";
}
