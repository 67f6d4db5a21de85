using System.Security.Cryptography;
using EtcdSnap.Formats.Bbolt;
using EtcdSnap.Formats.Wal;
using EtcdSnap.Testing;

namespace EtcdSnap.IntegrationTests.Restore;

/// <summary>
/// Our restore against <c>etcdctl snapshot restore</c> 3.4.23 with identical flags: the same member and cluster IDs,
/// byte-identical <c>.snap</c> files, a byte-identical WAL segment in the 3.4 form (<c>--target-version 3.4</c>) and the
/// same records but for the last snapshot record's ConfState in the default (etcdutl 3.5/3.6) form, and the same db
/// content outside the buckets etcd's restore edits.
/// </summary>
public sealed class EtcdctlParityTests : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _temp = new("restore-parity");

    public static TheoryData<string, string[]> FlagSets => new()
    {
        { "defaults", [] },
        { "one member with token", ["--name", "solo", "--initial-cluster", "solo=http://127.0.0.1:31380", "--initial-advertise-peer-urls", "http://127.0.0.1:31380", "--initial-cluster-token", "srctok"] },
        { "three members, second", ["--name", "m2", "--initial-cluster", "m1=http://127.0.0.1:31480,m2=http://127.0.0.1:31482,m3=http://127.0.0.1:31484", "--initial-advertise-peer-urls", "http://127.0.0.1:31482", "--initial-cluster-token", "tok1"] },
        { "https peers, several URLs, unsorted", ["--name", "b", "--initial-cluster", "a=https://10.0.0.1:2380,b=https://10.0.0.2:2380,b=https://10.0.1.2:2380", "--initial-advertise-peer-urls", "https://10.0.1.2:2380,https://10.0.0.2:2380", "--initial-cluster-token", "prod-etcd"] },
        { "odd name", ["--name", "node <1> & \"x\"", "--initial-cluster", "node <1> & \"x\"=http://[::1]:2380", "--initial-advertise-peer-urls", "http://[::1]:2380"] },
    };

    private string SnapshotPath => _temp.Combine("snapshot.db");

    public async Task InitializeAsync()
    {
        await using var etcd = await EtcdProcess.StartAsync(new EtcdProcessOptions { Name = "parity-src" });
        for (var i = 0; i < 50; i++)
        {
            await etcd.Etcdctl.PutAsync($"/parity/{i:D3}", new string('v', i * 40));
        }

        await etcd.Etcdctl.CheckedAsync("del", "/parity/007");
        await etcd.Etcdctl.CheckedAsync("snapshot", "save", SnapshotPath);
    }

    [Theory]
    [MemberData(nameof(FlagSets))]
    public async Task Restore_SameFlagsAsEtcdctl_SameIdsSnapAndWal(string name, string[] flags)
    {
        var dir = _temp.Combine(string.Concat(name.Where(char.IsAsciiLetterOrDigit)));
        var theirs = Path.Combine(dir, "etcdctl.etcd");
        var ours34 = Path.Combine(dir, "ours34.etcd");
        var ours = Path.Combine(dir, "ours.etcd");
        (await Etcdctl.OfflineAsync(["snapshot", "restore", SnapshotPath, "--data-dir", theirs, .. flags])).EnsureSuccess("etcdctl snapshot restore");
        await RestoreHarness.CliOkAsync(["restore", SnapshotPath, "--data-dir", ours34, "--target-version", "3.4", .. flags]);
        await RestoreHarness.CliOkAsync(["restore", SnapshotPath, "--data-dir", ours, .. flags]);

        // The .snap file is byte-identical (both forms), and so is the whole 3.4-form WAL segment.
        var snapName = Path.GetFileName(Directory.GetFiles(Path.Combine(theirs, "member", "snap"), "*.snap").Single());
        var theirSnap = await File.ReadAllBytesAsync(Path.Combine(theirs, "member", "snap", snapName));
        Assert.Equal(theirSnap, await File.ReadAllBytesAsync(Path.Combine(ours34, "member", "snap", snapName)));
        Assert.Equal(theirSnap, await File.ReadAllBytesAsync(Path.Combine(ours, "member", "snap", snapName)));
        const string Segment = "0000000000000000-0000000000000000.wal";
        Assert.Equal(Sha(Path.Combine(theirs, "member", "wal", Segment)), Sha(Path.Combine(ours34, "member", "wal", Segment)));

        // The default form differs only in the last snapshot record, which also carries the ConfState.
        var theirWal = WalReader.ReadAll(Path.Combine(theirs, "member", "wal"));
        var ourWal = WalReader.ReadAll(Path.Combine(ours, "member", "wal"));
        Assert.Equal(theirWal.Metadata, ourWal.Metadata);
        Assert.Equal(theirWal.HardState, ourWal.HardState);
        Assert.Equal(theirWal.Entries.Select(e => (e.Index, e.Term, e.Type, Convert.ToHexString(e.Data ?? []))),
            ourWal.Entries.Select(e => (e.Index, e.Term, e.Type, Convert.ToHexString(e.Data ?? []))));
        Assert.Equal(theirWal.Snapshots.Select(s => (s.Index, s.Term)), ourWal.Snapshots.Select(s => (s.Index, s.Term)));
        Assert.Null(theirWal.Snapshots[^1].ConfState);
        Assert.Equal(theirWal.Entries.Count, ourWal.Snapshots[^1].ConfState!.Voters.Count);

        // The db: every bucket but membership and meta is the same as etcdctl's, and the consistent index agrees.
        var theirDb = Dump(Path.Combine(theirs, "member", "snap", "db"));
        foreach (var db in new[] { ours34, ours }.Select(d => Dump(Path.Combine(d, "member", "snap", "db"))))
        {
            foreach (var bucket in theirDb.Keys.Except(["members", "members_removed", "meta"]))
            {
                Assert.Equal(theirDb[bucket], db[bucket]);
            }

            Assert.Contains(theirDb["meta"].Single(e => e.StartsWith(Hex("consistent_index"), StringComparison.Ordinal)), db["meta"]);
        }
    }

    [Fact]
    public async Task EtcdctlRestoresOfEveryMember_HaveIdenticalDbs()
    {
        // The claim --all-members builds on: etcd's db edits do not depend on --name.
        var cluster = "m1=http://127.0.0.1:31480,m2=http://127.0.0.1:31482,m3=http://127.0.0.1:31484";
        var shas = new List<string>();
        foreach (var (name, port) in new[] { ("m1", 31480), ("m2", 31482), ("m3", 31484) })
        {
            var dir = _temp.Combine("same-db", name);
            (await Etcdctl.OfflineAsync("snapshot", "restore", SnapshotPath, "--data-dir", dir, "--name", name, "--initial-cluster", cluster,
                "--initial-advertise-peer-urls", $"http://127.0.0.1:{port}", "--initial-cluster-token", "same")).EnsureSuccess("etcdctl snapshot restore");
            shas.Add(Sha(Path.Combine(dir, "member", "snap", "db")));
        }

        Assert.Single(shas.Distinct());
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _temp.Dispose();

    private static string Sha(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static string Hex(string s) => Convert.ToHexStringLower(System.Text.Encoding.ASCII.GetBytes(s));

    private static Dictionary<string, List<string>> Dump(string path)
    {
        using var db = BboltFile.Open(path);
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var name in db.GetBucketNames())
        {
            var items = new List<string>();
            db.ForEach(name, (k, v, _) =>
            {
                items.Add(Convert.ToHexStringLower(k) + "=" + Convert.ToHexStringLower(v));
                return true;
            });
            result[System.Text.Encoding.ASCII.GetString(name)] = items;
        }

        return result;
    }
}
