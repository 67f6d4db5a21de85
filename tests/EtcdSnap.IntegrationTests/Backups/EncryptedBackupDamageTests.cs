using System.Text.Json;

namespace EtcdSnap.IntegrationTests.Backups;

/// <summary>
/// An encrypted backup of real etcd data, damaged on disk the ways docs/formats/encryption.md lists: each is refused
/// through the CLI with exit code 3 and one line naming the backup's object, and no plaintext is left behind.
/// </summary>
public sealed class EncryptedBackupDamageTests(BackupEtcd etcd) : IClassFixture<BackupEtcd>
{
    private const int ChunkSize = 1 << 20; // what `etcdsnap backup` writes
    private const int TagSize = 16;

    [Fact]
    public async Task Status_WrongKey_Exit3NamingBothKeyIds()
    {
        var (repo, id, _) = await EncryptedBackupAsync();

        var r = await BackupCli.RunAsync("status", $"{repo}#{id}", "--encryption-key-file", etcd.OtherKeyFile);

        Assert.Equal(3, r.ExitCode);
        Assert.Contains("wrong encryption key", r.Stderr, StringComparison.Ordinal);
        AssertOneErrorLine(r);
    }

    [Fact]
    public async Task Verify_FlippedByteInTheSecondChunk_Exit3()
    {
        var (repo, id, file) = await EncryptedBackupAsync();
        var bytes = await File.ReadAllBytesAsync(file);
        bytes[HeaderLength(bytes) + ChunkSize + TagSize + 1000] ^= 0x20;
        await ReplaceAsync(file, bytes);

        var r = await BackupCli.RunAsync("verify", $"{repo}#{id}", "--encryption-key-file", etcd.KeyFile);

        Assert.Equal(3, r.ExitCode);
        Assert.Contains($"{id}/snapshot.db.enc", r.Stderr, StringComparison.Ordinal);
        AssertOneErrorLine(r);
    }

    [Fact]
    public async Task Status_TruncatedObject_Exit3()
    {
        var (repo, id, file) = await EncryptedBackupAsync();
        var bytes = await File.ReadAllBytesAsync(file);
        await ReplaceAsync(file, bytes[..(bytes.Length - 5000)]);

        var r = await BackupCli.RunAsync("status", $"{repo}#{id}", "--encryption-key-file", etcd.KeyFile);

        Assert.Equal(3, r.ExitCode);
        AssertOneErrorLine(r);
    }

    [Fact]
    public async Task Status_TruncatedAtAChunkBoundary_Exit3()
    {
        var (repo, id, file) = await EncryptedBackupAsync();
        var bytes = await File.ReadAllBytesAsync(file);
        await ReplaceAsync(file, bytes[..(HeaderLength(bytes) + (2 * (ChunkSize + TagSize)))]);

        var r = await BackupCli.RunAsync("status", $"{repo}#{id}", "--encryption-key-file", etcd.KeyFile);

        Assert.Equal(3, r.ExitCode);
        Assert.Contains("truncated", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_SwappedChunks_Exit3()
    {
        var (repo, id, file) = await EncryptedBackupAsync();
        var bytes = await File.ReadAllBytesAsync(file);
        var header = HeaderLength(bytes);
        var stored = ChunkSize + TagSize;
        var first = bytes.AsSpan(header, stored).ToArray();
        bytes.AsSpan(header + stored, stored).CopyTo(bytes.AsSpan(header));
        first.CopyTo(bytes.AsSpan(header + stored));
        await ReplaceAsync(file, bytes);

        var r = await BackupCli.RunAsync("verify", $"{repo}#{id}", "--encryption-key-file", etcd.KeyFile);

        Assert.Equal(3, r.ExitCode);
        Assert.Contains($"offset {header}", r.Stderr, StringComparison.Ordinal);
        AssertOneErrorLine(r);
    }

    [Fact]
    public async Task Status_NoKeyAtAll_Exit2WithTheKeyId()
    {
        var (repo, id, _) = await EncryptedBackupAsync();

        var r = await BackupCli.RunAsync("status", $"{repo}#{id}");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("is encrypted (key id", r.Stderr, StringComparison.Ordinal);
    }

    private async Task<(string Repo, string Id, string File)> EncryptedBackupAsync()
    {
        var dir = etcd.NewDirectory("damage");
        var repo = "file://" + dir;
        var run = (await BackupCli.RunAsync("backup", "--repo", repo, "--endpoints", etcd.Etcd.ClientUrl,
            "--encryption-key-file", etcd.KeyFile, "-o", "json")).EnsureSuccess();
        using var json = JsonDocument.Parse(run.Stdout);
        var manifest = json.RootElement.GetProperty("manifest");
        var id = manifest.GetProperty("id").GetString()!;
        var file = Path.Combine(dir, id, manifest.GetProperty("snapshotObject").GetString()!);
        Assert.True(new FileInfo(file).Length > 3L * ChunkSize);
        return (repo, id, file);
    }

    // Header: 88 fixed bytes, then the key id whose length is byte 55 (docs/formats/encryption.md).
    private static int HeaderLength(byte[] stream) => 88 + stream[55];

    private static async Task ReplaceAsync(string file, byte[] bytes)
    {
        File.Delete(file);
        await File.WriteAllBytesAsync(file, bytes);
    }

    private static void AssertOneErrorLine(CliRun r)
    {
        var errors = r.Stderr.Split('\n').Where(l => l.StartsWith("error: ", StringComparison.Ordinal)).ToList();
        Assert.Single(errors);
        Assert.Equal("", r.Stdout);
        Assert.DoesNotContain("Exception", r.Stderr, StringComparison.Ordinal);
    }
}
