using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using EtcdSnap.Formats.Bbolt;
using EtcdSnap.Testing;

namespace EtcdSnap.IntegrationTests.Restore;

/// <summary>
/// <c>etcdsnap restore</c> in-process: its table and JSON output (golden, with paths, hashes and timings normalized;
/// <c>UPDATE_GOLDEN=1</c> rewrites them) and its errors: the exit code, a one-line message with a hint, and the target's
/// parent directory exactly as before.
/// </summary>
public sealed partial class RestoreCliTests : IAsyncLifetime, IDisposable
{
    private const string Cluster = "a=https://10.0.0.1:2380,b=https://10.0.0.2:2380,c=https://10.0.0.3:2380";
    private readonly TempDirectory _temp = new("restore-cli");

    private string SnapshotPath => _temp.Combine("snapshot.db");

    private string RawDbPath => _temp.Combine("raw.db");

    public async Task InitializeAsync()
    {
        await using var etcd = await EtcdProcess.StartAsync(new EtcdProcessOptions { Name = "cli-src" });
        for (var i = 0; i < 30; i++)
        {
            await etcd.Etcdctl.PutAsync($"/cli/{i:D2}", $"value-{i}");
        }

        await etcd.Etcdctl.CheckedAsync("snapshot", "save", SnapshotPath);
        await etcd.StopAsync();
        File.Copy(Path.Combine(etcd.DataDir, "member", "snap", "db"), RawDbPath);
    }

    [Fact]
    public async Task Restore_TableOutput_SummaryAndMembers()
    {
        using var target = new TempDirectory("restore-cli-out");
        var before = Sha(SnapshotPath);

        var r = await RestoreHarness.CliOkAsync("restore", SnapshotPath, "--data-dir", Path.Combine(target.Path, "b.etcd"), "--name", "b",
            "--initial-advertise-peer-urls", "https://10.0.0.2:2380", "--initial-cluster", Cluster, "--initial-cluster-token", "golden",
            "--bump-revision", "1000", "--mark-compacted");

        // Column widths follow the real path lengths: compare with single spaces between columns.
        Golden.Assert("restore-table.txt", ColumnGaps().Replace(Normalize(r.Stdout, target.Path), "  "));
        Assert.Equal("", r.Stderr);
        Assert.Equal(before, Sha(SnapshotPath));
    }

    [Fact]
    public async Task Restore_JsonOutput_StableShape()
    {
        using var target = new TempDirectory("restore-cli-out");

        var r = await RestoreHarness.CliOkAsync("restore", SnapshotPath, "--all-members", "--data-dir", Path.Combine(target.Path, "all"),
            "--initial-cluster", Cluster, "--initial-cluster-token", "golden", "-o", "json");

        Golden.Assert("restore-all-members.json", Normalize(r.Stdout, target.Path));
        var y = await RestoreHarness.CliOkAsync("restore", SnapshotPath, "--data-dir", Path.Combine(target.Path, "y"), "-o", "yaml");
        Assert.Contains("clusterId: cdf818194e3a8c32", y.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_FlippedTrailerByte_Exit3()
    {
        var mutant = Mutant(b => b[^3] ^= 0x40);

        var r = await FailsAsync(3, "restore", mutant, "--data-dir", "{target}");

        Assert.Matches("^error: .*expected sha256 [0-9a-f]{64}, got [0-9a-f]{64}\nhint: ", r.Stderr);
    }

    [Fact]
    public async Task Restore_FlippedValueByteUnderTheHash_Exit3()
    {
        var mutant = Mutant(b =>
        {
            var at = b.AsSpan().IndexOf("value-17"u8);
            Assert.True(at > 0);
            b[at + 6] = (byte)'9';
        });

        var r = await FailsAsync(3, "restore", mutant, "--data-dir", "{target}");

        Assert.Contains("expected sha256", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_RawDbWithoutSkipHashCheck_Exit3EtcdWordingAndHint()
    {
        var r = await FailsAsync(3, "restore", RawDbPath, "--data-dir", "{target}");

        Assert.Contains("snapshot missing hash but --skip-hash-check=false", r.Stderr, StringComparison.Ordinal);
        Assert.Contains("hint: a raw member/snap/db copy has no SHA-256 trailer: pass --skip-hash-check", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_RawDbWithSkipHashCheck_Works()
    {
        using var target = new TempDirectory("restore-cli-out");

        var r = await RestoreHarness.CliOkAsync("restore", RawDbPath, "--skip-hash-check", "--data-dir", Path.Combine(target.Path, "raw"));

        Assert.Contains("sha256:        not computed (--skip-hash-check)", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_CorruptPageWithSkipHashCheck_Exit3()
    {
        ulong root;
        int pageSize;
        using (var db = BboltFile.Open(SnapshotPath))
        {
            (root, pageSize) = (db.Meta.RootPageId, db.PageSize);
        }

        var mutant = Mutant(b => b[(int)root * pageSize + 10] ^= 0x7f); // the root page's element count

        var r = await FailsAsync(3, "restore", mutant, "--skip-hash-check", "--data-dir", "{target}");

        Assert.Contains("integrity check failed", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_Truncated_Exit3()
    {
        var mutant = Mutant(b => b[..^4096]);

        await FailsAsync(3, "restore", mutant, "--data-dir", "{target}");
    }

    [Fact]
    public async Task Restore_NonEmptyDataDir_Exit5()
    {
        using var parent = new TempDirectory("restore-cli-fail");
        var dataDir = Path.Combine(parent.Path, "data");
        Directory.CreateDirectory(dataDir);
        await File.WriteAllTextAsync(Path.Combine(dataDir, "precious"), "do not touch");
        var before = RestoreHarness.Listing(parent.Path);

        var r = await RestoreHarness.CliAsync(["restore", SnapshotPath, "--data-dir", dataDir]);

        Assert.Equal(5, r.ExitCode);
        Assert.Equal($"error: data-dir \"{dataDir}\" not empty or could not be read\n" +
            "hint: restore into a new or empty directory; move the existing one aside first (etcdsnap never deletes it)\n", r.Stderr);
        Assert.Equal(before, RestoreHarness.Listing(parent.Path));
    }

    [Fact]
    public async Task Restore_ExistingWalDir_Exit5()
    {
        using var parent = new TempDirectory("restore-cli-fail");
        var wal = Path.Combine(parent.Path, "wal");
        Directory.CreateDirectory(wal);

        var r = await RestoreHarness.CliAsync(["restore", SnapshotPath, "--data-dir", Path.Combine(parent.Path, "data"), "--wal-dir", wal]);

        Assert.Equal(5, r.ExitCode);
        Assert.StartsWith($"error: wal-dir \"{wal}\" exists\n", r.Stderr, StringComparison.Ordinal);
        Assert.Equal(["d wal"], RestoreHarness.Listing(parent.Path));
    }

    [Theory]
    [InlineData("--mark-compacted required if --revision-bump > 0", "--bump-revision", "10")]
    [InlineData("--mark-compacted required if --revision-bump > 0", "--mark-compacted")]
    [InlineData("--all-members needs --data-dir", "--all-members")]
    [InlineData("--target-version: unknown version \"3.7\"", "--target-version", "3.7")]
    [InlineData("couldn't find local name \"x\" in the initial cluster configuration", "--name", "x", "--initial-cluster", "y=http://10.0.0.1:2380")]
    [InlineData("--initial-cluster has a=http://10.0.0.1:2380 but missing from --initial-advertise-peer-urls", "--name", "a", "--initial-cluster", "a=http://10.0.0.1:2380")]
    public async Task Restore_BadFlags_Exit2(string message, params string[] flags)
    {
        using var parent = new TempDirectory("restore-cli-fail");
        string[] args = flags.Contains("--all-members")
            ? ["restore", SnapshotPath, .. flags]
            : ["restore", SnapshotPath, "--data-dir", Path.Combine(parent.Path, "data"), .. flags];

        var r = await RestoreHarness.CliAsync(args);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Stderr, StringComparison.Ordinal);
        Assert.Empty(RestoreHarness.Listing(parent.Path));
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public async Task Restore_DiskFull_Exit1ClearMessageNothingLeft()
    {
        using var tmpfs = await TmpfsMount.MountAsync(new FileInfo(SnapshotPath).Length + (1 << 20));

        var r = await RestoreHarness.CliAsync(["restore", SnapshotPath, "--data-dir", tmpfs.Combine("data")]);

        Assert.Equal(1, r.ExitCode);
        Assert.StartsWith("error: restore failed while writing the WAL and snap files for default: ", r.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("bug", r.Stderr, StringComparison.Ordinal);
        Assert.Empty(RestoreHarness.Listing(tmpfs.Path));
    }

    [Fact]
    public async Task Restore_Cancelled_Exit130NothingLeft()
    {
        using var parent = new TempDirectory("restore-cli-fail");
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        var r = await RestoreHarness.CliAsync(["restore", SnapshotPath, "--data-dir", Path.Combine(parent.Path, "data")], cts.Token);

        Assert.Equal(130, r.ExitCode);
        Assert.Equal("error: restore interrupted; nothing was left behind\n", r.Stderr);
        Assert.Empty(RestoreHarness.Listing(parent.Path));
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _temp.Dispose();

    // Runs the CLI with "{target}" replaced by a data dir in a fresh parent, expects the code, and checks the parent is empty.
    private static async Task<CliRun> FailsAsync(int code, params string[] args)
    {
        using var parent = new TempDirectory("restore-cli-fail");
        var r = await RestoreHarness.CliAsync([.. args.Select(a => a == "{target}" ? Path.Combine(parent.Path, "data") : a)]);
        Assert.True(code == r.ExitCode, $"exit {r.ExitCode}, stderr: {r.Stderr}");
        Assert.Equal("", r.Stdout);
        Assert.Equal(2, r.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Empty(RestoreHarness.Listing(parent.Path));
        return r;
    }

    private string Mutant(Action<byte[]> mutate)
    {
        var bytes = File.ReadAllBytes(SnapshotPath);
        mutate(bytes);
        var path = _temp.Combine($"mutant-{Guid.NewGuid():N}.db");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string Mutant(Func<byte[], byte[]> mutate)
    {
        var path = _temp.Combine($"mutant-{Guid.NewGuid():N}.db");
        File.WriteAllBytes(path, mutate(File.ReadAllBytes(SnapshotPath)));
        return path;
    }

    private static string Sha(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    // Paths, hashes, the db size (page allocation depends on etcd's batching) and timings change between runs; the
    // shape, the IDs and the revisions do not.
    private string Normalize(string output, string targetRoot)
    {
        var s = output.Replace(targetRoot, "<target>", StringComparison.Ordinal).Replace(_temp.Path, "<source>", StringComparison.Ordinal);
        s = Sha256Pattern().Replace(s, "<sha256>");
        s = SecondsPattern().Replace(s, m => m.Groups[1].Value + "<seconds>");
        s = DurationPattern().Replace(s, "duration:      <seconds>");
        s = NumberFieldPattern().Replace(s, m => m.Groups[1].Value + "<n>");
        s = NumberLinePattern().Replace(s, m => m.Groups[1].Value + "<n>");
        return s;
    }

    [GeneratedRegex(" {2,}")]
    private static partial Regex ColumnGaps();

    [GeneratedRegex("[0-9a-f]{64}")]
    private static partial Regex Sha256Pattern();

    [GeneratedRegex("(\"(?:seconds|durationSeconds)\": )[0-9.]+")]
    private static partial Regex SecondsPattern();

    [GeneratedRegex("duration: +[0-9.]+s")]
    private static partial Regex DurationPattern();

    [GeneratedRegex("(\"dbSize\": )[0-9]+")]
    private static partial Regex NumberFieldPattern();

    [GeneratedRegex("(db size: +)[0-9]+")]
    private static partial Regex NumberLinePattern();
}

/// <summary>Compares output with a file next to this source; <c>UPDATE_GOLDEN=1</c> rewrites the file instead.</summary>
internal static class Golden
{
    public static void Assert(string name, string actual, [CallerFilePath] string caller = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(caller)!, "golden", name);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        Xunit.Assert.True(File.Exists(path), $"golden file {path} is missing; rerun with UPDATE_GOLDEN=1 to create it");
        var expected = File.ReadAllText(path);
        Xunit.Assert.True(expected == actual, $"output differs from {path}; rerun with UPDATE_GOLDEN=1 to accept:\n{actual}");
    }
}
