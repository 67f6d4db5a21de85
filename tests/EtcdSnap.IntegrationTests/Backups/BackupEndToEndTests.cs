using System.Security.Cryptography;
using System.Text.Json;
using EtcdSnap.Core.Backups;
using EtcdSnap.Storage.Encryption;
using EtcdSnap.Testing.Emulators;

namespace EtcdSnap.IntegrationTests.Backups;

/// <summary>
/// `etcdsnap backup` from a real etcd into each kind of repository (a directory, an S3-compatible server, the Azure
/// emulator), with and without compression and encryption; then `status`, `verify` and a download of REPO#latest
/// against etcdctl's own snapshot of the same data.
/// </summary>
public sealed class BackupEndToEndTests(BackupEtcd etcd, S3rverFixture s3, AzuriteFixture azure)
    : IClassFixture<BackupEtcd>, IClassFixture<S3rverFixture>, IClassFixture<AzuriteFixture>
{
    public static TheoryData<string, bool, bool> Cases()
    {
        var data = new TheoryData<string, bool, bool>();
        foreach (var store in new[] { "local", "s3", "azure" })
        {
            foreach (var compress in new[] { false, true })
            {
                foreach (var encrypt in new[] { false, true })
                {
                    data.Add(store, compress, encrypt);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Backup_Then_StatusVerifyAndDownloadOfLatest_MatchEtcdctlsSnapshot(string store, bool compress, bool encrypt)
    {
        var repo = Repository(store);
        string[] key = encrypt ? ["--encryption-key-file", etcd.KeyFile] : [];
        string[] zstd = compress ? ["--compress"] : [];

        var backup = (await BackupCli.RunAsync(["backup", "--repo", repo, "--endpoints", etcd.Etcd.ClientUrl, "--label", "case=" + store,
            "-o", "json", .. zstd, .. key])).EnsureSuccess();
        var status = (await BackupCli.RunAsync(["status", repo + "#latest", "-o", "json", .. key])).EnsureSuccess();
        var verify = (await BackupCli.RunAsync(["verify", repo + "#latest", .. key])).EnsureSuccess();

        using var created = JsonDocument.Parse(backup.Stdout);
        var manifest = created.RootElement.GetProperty("manifest");
        Assert.Equal(compress ? "zstd" : "none", manifest.GetProperty("compression").GetString());
        Assert.Equal(encrypt ? "aes-256-gcm" : "none", manifest.GetProperty("encryption").GetString());
        Assert.Equal(store, manifest.GetProperty("labels").GetProperty("case").GetString());
        Assert.Equal(etcd.ReferenceStatus.Revision, manifest.GetProperty("revision").GetInt64());
        Assert.Equal(etcd.ReferenceStatus, BackupEtcd.StatusOf(status.Stdout));
        Assert.Contains("Restorable:  yes", verify.Stdout, StringComparison.Ordinal);

        // The repository round trip is byte-exact: what comes back is what etcdctl saves of the same (unchanged) data.
        await using var source = await SnapshotSource.OpenAsync(repo + "#latest",
            new SnapshotSourceOptions { EncryptionKey = encrypt ? EncryptionKey.LoadFile(etcd.KeyFile) : null });
        Assert.Equal(manifest.GetProperty("id").GetString(), source.Backup!.Id);
        Assert.Equal(await Sha256Async(etcd.ReferenceSnapshot), await Sha256Async(source.Path));
        Assert.Equal(manifest.GetProperty("sha256").GetString(), await Sha256Async(source.Path));
    }

    [Fact]
    public async Task BackupReference_WorksForLsDiffGetAndRestore()
    {
        var repo = "file://" + etcd.NewDirectory("references");
        (await BackupCli.RunAsync("backup", "--repo", repo, "--endpoints", etcd.Etcd.ClientUrl, "--compress",
            "--encryption-key-file", etcd.KeyFile)).EnsureSuccess();
        var latest = repo + "#latest";
        string[] key = ["--encryption-key-file", etcd.KeyFile];

        var ls = (await BackupCli.RunAsync(["ls", latest, "-o", "json", .. key])).EnsureSuccess();
        var diff = (await BackupCli.RunAsync(["diff", latest, etcd.ReferenceSnapshot, "-o", "json", .. key])).EnsureSuccess();
        var get = (await BackupCli.RunAsync(["get", latest, "configmaps", "-n", "default", "cm-000007", "-o", "json", .. key])).EnsureSuccess();
        var target = etcd.NewDirectory("restored-from-repo");
        var restore = (await BackupCli.RunAsync(["restore", latest, "--data-dir", Path.Combine(target, "d"), "-o", "json", .. key]))
            .EnsureSuccess();

        using var listing = JsonDocument.Parse(ls.Stdout);
        Assert.Equal(2000, listing.RootElement.GetProperty("objects").GetArrayLength());
        using var changes = JsonDocument.Parse(diff.Stdout);
        Assert.Equal(0, changes.RootElement.GetProperty("added").GetArrayLength());
        Assert.Equal(0, changes.RootElement.GetProperty("removed").GetArrayLength());
        Assert.Equal(0, changes.RootElement.GetProperty("changed").GetArrayLength());
        Assert.Contains("\"cm-000007\"", get.Stdout, StringComparison.Ordinal);
        using var restored = JsonDocument.Parse(restore.Stdout);
        Assert.Equal(etcd.ReferenceStatus.Revision, restored.RootElement.GetProperty("revision").GetInt64());
        // The output names the backup (latest resolved to its ID), not the temporary copy restore read.
        Assert.Matches("^" + System.Text.RegularExpressions.Regex.Escape(repo) + "#[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}$",
            restored.RootElement.GetProperty("snapshot").GetString());
        Assert.True(File.Exists(Path.Combine(target, "d", "member", "snap", "db")));
    }

    [Fact]
    public async Task Backup_LocalRepository_TemporaryFileGoneAndObjectsPrivate()
    {
        var repo = etcd.NewDirectory("private");

        (await BackupCli.RunAsync("backup", "--repo", repo, "--endpoints", etcd.Etcd.ClientUrl, "--compress")).EnsureSuccess();

        var entries = Directory.EnumerateFileSystemEntries(repo, "*", SearchOption.AllDirectories).ToList();
        Assert.Equal(3, entries.Count); // the backup folder, its snapshot object and its manifest: no scratch left
        Assert.All(entries, e => Assert.Equal(
            Directory.Exists(e) ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute : UnixFileMode.UserRead | UnixFileMode.UserWrite,
            File.GetUnixFileMode(e)));
    }

    [Fact]
    public async Task Backup_EtcdUnreachable_Exit4AndNothingStored()
    {
        var repo = etcd.NewDirectory("unreachable");
        var closed = EtcdSnap.Core.Node.LoopbackPorts.Next();

        var r = await BackupCli.RunAsync("backup", "--repo", repo, "--endpoints", $"http://127.0.0.1:{closed}", "--dial-timeout", "1s");

        Assert.Equal(4, r.ExitCode);
        Assert.Empty(Directory.EnumerateFileSystemEntries(repo));
    }

    [Fact]
    public async Task Backup_WithRetention_PrunesAfterStoring()
    {
        var repo = etcd.NewDirectory("retention");
        for (var i = 0; i < 3; i++)
        {
            (await BackupCli.RunAsync("backup", "--repo", repo, "--endpoints", etcd.Etcd.ClientUrl)).EnsureSuccess();
        }

        var last = (await BackupCli.RunAsync("backup", "--repo", repo, "--endpoints", etcd.Etcd.ClientUrl, "--keep-last", "2", "-o", "json"))
            .EnsureSuccess();

        using var json = JsonDocument.Parse(last.Stdout);
        Assert.Equal(2, json.RootElement.GetProperty("prune").GetProperty("remove").GetArrayLength());
        Assert.Equal(2, Directory.EnumerateDirectories(repo).Count());
    }

    private string Repository(string store)
    {
        var prefix = "e2e-" + Guid.NewGuid().ToString("N")[..8];
        return store switch
        {
            "local" => "file://" + etcd.NewDirectory("local"),
            "s3" => $"s3://{S3rverFixture.Bucket}/{prefix}?endpoint={s3.Endpoint}",
            _ => $"azblob://{AzuriteFixture.Container}/{prefix}?endpoint={azure.Endpoint}",
        };
    }

    private static async Task<string> Sha256Async(string path)
    {
        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file));
    }
}
