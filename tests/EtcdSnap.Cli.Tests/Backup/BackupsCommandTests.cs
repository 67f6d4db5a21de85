using System.Text.Json;
using EtcdSnap.Storage.Encryption;
using EtcdSnap.Testing;
using EtcdSnap.Testing.Backups;

namespace EtcdSnap.Cli.Tests.Backup;

/// <summary>`backups ls|show|rm` on a local repository.</summary>
public sealed class BackupsCommandTests : IDisposable
{
    private static readonly DateTimeOffset s_t0 = new(2026, 11, 20, 6, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new("etcdsnap-backups-cli");
    private readonly string _repo;

    public BackupsCommandTests() => _repo = _dir.Combine("repo");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Ls_Table_NewestFirstAndIncompleteReportedOnStderr()
    {
        var older = await TestBackups.AddAsync(_repo, s_t0);
        var newer = await TestBackups.AddAsync(_repo, s_t0.AddHours(6), labels: new Dictionary<string, string> { ["cluster"] = "prod" });
        var incomplete = TestBackups.AddIncomplete(_repo, s_t0.AddHours(7));

        var r = await CliRunner.RunAsync("backups", "ls", "--repo", _repo);

        Assert.Equal(0, r.ExitCode);
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("ID ", lines[0], StringComparison.Ordinal);
        Assert.StartsWith(newer.Id, lines[1], StringComparison.Ordinal);
        Assert.Contains("cluster=prod", lines[1], StringComparison.Ordinal);
        Assert.StartsWith(older.Id, lines[2], StringComparison.Ordinal);
        Assert.Equal(3, lines.Length);
        Assert.Contains($"warning: incomplete backup {incomplete}", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ls_Json_BackupsIncompleteAndProblemsSeparately()
    {
        var backup = await TestBackups.AddAsync(_repo, s_t0);
        var incomplete = TestBackups.AddIncomplete(_repo, s_t0.AddHours(1));

        var r = await CliRunner.RunAsync("backups", "ls", "--repo", _repo, "-o", "json");

        Assert.Equal(0, r.ExitCode);
        using var json = JsonDocument.Parse(r.Stdout);
        Assert.Equal($"file://{_repo}", json.RootElement.GetProperty("repository").GetString());
        Assert.Equal(backup.Id, json.RootElement.GetProperty("backups")[0].GetProperty("id").GetString());
        Assert.Equal(backup.Sha256, json.RootElement.GetProperty("backups")[0].GetProperty("sha256").GetString());
        Assert.Equal(incomplete, json.RootElement.GetProperty("incomplete")[0].GetProperty("id").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("problems").GetArrayLength());
    }

    [Fact]
    public async Task Ls_EmptyRepository_SaysSoOnStderr()
    {
        Directory.CreateDirectory(_repo);

        var r = await CliRunner.RunAsync("backups", "ls", "--repo", _repo);

        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Contains("No complete backups", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_Latest_ManifestFields()
    {
        await TestBackups.AddAsync(_repo, s_t0);
        var key = EncryptionKey.Generate("k1");
        var latest = await TestBackups.AddAsync(_repo, s_t0.AddDays(1), key);

        var table = await CliRunner.RunAsync("backups", "show", "latest", "--repo", _repo);
        var json = await CliRunner.RunAsync("backups", "show", latest.Id, "--repo", _repo, "-o", "json");

        Assert.Equal(0, table.ExitCode);
        Assert.Contains($"Backup:       file://{_repo}#{latest.Id}", table.Stdout, StringComparison.Ordinal);
        Assert.Contains("aes-256-gcm, key id k1", table.Stdout, StringComparison.Ordinal);
        using var doc = JsonDocument.Parse(json.Stdout);
        Assert.Equal(latest.Id, doc.RootElement.GetProperty("id").GetString());
        Assert.Equal("k1", doc.RootElement.GetProperty("encryptionKeyId").GetString());
    }

    [Fact]
    public async Task MistypedLocalRepository_SaysTheDirectoryDoesNotExist()
    {
        var missing = _repo + "-typo";

        var ls = await CliRunner.RunAsync("backups", "ls", "--repo", missing);
        var latest = await CliRunner.RunAsync("status", $"{missing}#latest");
        var show = await CliRunner.RunAsync("backups", "show", "20200101T000000Z-abcdef", "--repo", missing);

        Assert.Equal(0, ls.ExitCode); // an empty listing, as for any repository without backups, but said plainly
        Assert.Contains($"No backups: file://{missing} does not exist", ls.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, latest.ExitCode);
        Assert.Contains($"error: file://{missing}: no such directory, so no backups", latest.Stderr, StringComparison.Ordinal);
        Assert.Contains("hint: check the repository path", latest.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, show.ExitCode);
        Assert.Contains("no such directory", show.Stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(missing), "reading verbs never create the repository");
    }

    [Fact]
    public async Task Show_UnknownId_UsageWithHintToList()
    {
        await TestBackups.AddAsync(_repo, s_t0);

        var r = await CliRunner.RunAsync("backups", "show", "20200101T000000Z-abcdef", "--repo", _repo);

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("not found", r.Stderr, StringComparison.Ordinal);
        Assert.Contains($"hint: list the backups with `etcdsnap backups ls --repo file://{_repo}`", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rm_WithoutYes_ShowsWhatWouldGoAndDeletesNothing()
    {
        var backup = await TestBackups.AddAsync(_repo, s_t0);

        var r = await CliRunner.RunAsync("backups", "rm", backup.Id, "--repo", _repo);

        Assert.Equal(5, r.ExitCode);
        Assert.Contains($"would remove backup {backup.Id} (2 objects", r.Stdout, StringComparison.Ordinal);
        Assert.Contains($"{backup.Id}/backup.json", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("hint: rerun with --yes", r.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_repo, backup.Id, "backup.json")));
    }

    [Fact]
    public async Task Rm_WithYes_DeletesCompleteAndIncompleteBackups()
    {
        var backup = await TestBackups.AddAsync(_repo, s_t0);
        var incomplete = TestBackups.AddIncomplete(_repo, s_t0.AddHours(1));

        var complete = await CliRunner.RunAsync("backups", "rm", backup.Id, "--repo", _repo, "--yes", "-o", "json");
        var partial = await CliRunner.RunAsync("backups", "rm", incomplete, "--repo", _repo, "-y");

        Assert.Equal(0, complete.ExitCode);
        using var json = JsonDocument.Parse(complete.Stdout);
        Assert.True(json.RootElement.GetProperty("removed").GetBoolean());
        Assert.Equal(0, partial.ExitCode);
        Assert.Contains($"removed incomplete backup {incomplete}", partial.Stdout, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(_repo, "*", SearchOption.AllDirectories));
    }

    [Theory]
    [InlineData("latest")]
    [InlineData("../etc")]
    public async Task Rm_NotAnId_UsageAndNothingDeleted(string id)
    {
        await TestBackups.AddAsync(_repo, s_t0);

        var r = await CliRunner.RunAsync("backups", "rm", id, "--repo", _repo, "--yes");

        Assert.Equal(2, r.ExitCode);
        Assert.Single(Directory.EnumerateDirectories(_repo));
    }

    [Fact]
    public async Task Rm_NoSuchBackup_Usage() =>
        Assert.Equal(2, (await CliRunner.RunAsync("backups", "rm", "20200101T000000Z-abcdef", "--repo", _repo, "--yes")).ExitCode);

    [Fact]
    public async Task Ls_MalformedRepositoryUrl_Usage()
    {
        var r = await CliRunner.RunAsync("backups", "ls", "--repo", "s3://Not_A_Bucket/x");

        Assert.Equal(2, r.ExitCode);
        Assert.Contains("bucket \"Not_A_Bucket\"", r.Stderr, StringComparison.Ordinal);
    }
}
