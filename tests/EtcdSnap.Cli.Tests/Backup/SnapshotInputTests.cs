using EtcdSnap.Storage.Encryption;
using EtcdSnap.Testing;
using EtcdSnap.Testing.Backups;

namespace EtcdSnap.Cli.Tests.Backup;

/// <summary>`status` and `verify` take REPO_URL#ID and REPO_URL#latest (real snapshots: IntegrationTests/Backups).</summary>
public sealed class SnapshotInputTests : IDisposable
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 20, 6, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new("etcdsnap-input");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Status_EncryptedBackupWithoutKey_UsageNamingTheKeyId()
    {
        var repo = _dir.Combine("repo");
        var backup = await TestBackups.AddAsync(repo, s_t0, EncryptionKey.Generate("ops-key"));

        var r = await CliRunner.RunAsync("status", $"{repo}#latest");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"backup \"{backup.Id}\" is encrypted (key id \"ops-key\")", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_BackupThatIsNoSnapshot_DownloadedThenRefusedAsCorrupt()
    {
        var repo = _dir.Combine("repo");
        var key = EncryptionKey.Generate();
        var keyFile = _dir.Combine("key");
        await key.WriteFileAsync(keyFile, CancellationToken.None);
        var backup = await TestBackups.AddAsync(repo, s_t0, key, size: 5000);

        var r = await CliRunner.RunAsync("verify", $"file://{repo}#{backup.Id}", "--encryption-key-file", keyFile);

        Assert.Equal(3, r.ExitCode);
        Assert.Contains("Restorable:  NO", r.Stdout, StringComparison.Ordinal);
        // The backup is named as the user named it, not by its temporary local copy.
        Assert.Contains($"File:        file://{repo}#{backup.Id}\n", r.Stdout, StringComparison.Ordinal);
        Assert.Contains($"file://{repo}#{backup.Id}: not restorable", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_MissingBackupOrRepositoryTypo_Usage()
    {
        var repo = _dir.Combine("repo");
        await TestBackups.AddAsync(repo, s_t0);

        Assert.Equal(2, (await CliRunner.RunAsync("status", $"{repo}#20200101T000000Z-000000")).ExitCode);
        Assert.Equal(2, (await CliRunner.RunAsync("status", "s3://x#latest")).ExitCode);
        Assert.Equal(2, (await CliRunner.RunAsync("status", _dir.Combine("no-such.db"))).ExitCode);
    }

    [Fact]
    public async Task Status_KeyFileMissing_UsageNamingTheFlag()
    {
        var repo = _dir.Combine("repo");
        await TestBackups.AddAsync(repo, s_t0, EncryptionKey.Generate());

        var r = await CliRunner.RunAsync("status", $"{repo}#latest", "--encryption-key-file", _dir.Combine("nope"));

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--encryption-key-file", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("verify")]
    [InlineData("ls")]
    [InlineData("restore-plan")]
    public async Task OfflineVerbs_DirectoryOrMissingFile_OneUsageMessage(string verb)
    {
        var directory = await CliRunner.RunAsync(verb, _dir.Path);
        var missing = await CliRunner.RunAsync(verb, _dir.Combine("nope.db"));

        Assert.Equal(2, directory.ExitCode);
        Assert.StartsWith($"error: snapshot \"{_dir.Path}\" is a directory\nhint: pass the snapshot file itself", directory.Stderr,
            StringComparison.Ordinal);
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal($"error: snapshot \"{_dir.Combine("nope.db")}\": no such file\n", missing.Stderr);
    }
}
