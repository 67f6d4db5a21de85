using System.Text.Json;
using EtcdSnap.Testing;
using EtcdSnap.Testing.Backups;

namespace EtcdSnap.Cli.Tests.Backup;

/// <summary>Retention through the CLI: the dry run names exactly what the real run removes.</summary>
public sealed class BackupsPruneTests : IDisposable
{
    private static readonly DateTimeOffset s_day0 = new(2026, 11, 1, 2, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new("etcdsnap-prune-cli");
    private readonly string _repo;

    public BackupsPruneTests() => _repo = _dir.Combine("repo");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Prune_DryRunThenReal_RemovesExactlyWhatTheDryRunListed()
    {
        // Ten days with two backups each (02:00 and 14:00), plus an interrupted one that retention must leave alone.
        var ids = new List<(string Id, DateTimeOffset At)>();
        for (var day = 0; day < 10; day++)
        {
            foreach (var hour in new[] { 0, 12 })
            {
                var at = s_day0.AddDays(day).AddHours(hour);
                ids.Add(((await TestBackups.AddAsync(_repo, at)).Id, at));
            }
        }

        var incomplete = TestBackups.AddIncomplete(_repo, s_day0.AddDays(11));

        var dry = await CliRunner.RunAsync("backups", "prune", "--repo", _repo, "--keep-last", "3", "--keep-daily", "5", "--dry-run", "-o", "json");
        var dryRemove = Ids(dry.Stdout, "remove");
        var afterDry = Directory.EnumerateDirectories(_repo).Count();
        var real = await CliRunner.RunAsync("backups", "prune", "--repo", _repo, "--keep-last", "3", "--keep-daily", "5", "-o", "json");
        var ls = await CliRunner.RunAsync("backups", "ls", "--repo", _repo, "-o", "json");

        Assert.Equal(0, dry.ExitCode);
        Assert.Equal(21, afterDry);
        Assert.Equal(0, real.ExitCode);
        Assert.Equal(dryRemove, Ids(real.Stdout, "remove"));

        // Expected by hand: the 3 newest (last: day 9 both, day 8 14:00), and the newest of each of the 5 newest days
        // (daily: days 9 and 8 already kept, which adds the 14:00 backups of days 7, 6 and 5).
        var newestFirst = ids.OrderByDescending(b => b.At).Select(b => b.Id).ToList();
        var expectedKeep = newestFirst.Take(3).Concat(new[] { newestFirst[4], newestFirst[6], newestFirst[8] }).ToHashSet();
        Assert.Equal(ids.Select(b => b.Id).Where(id => !expectedKeep.Contains(id)).OrderDescending(StringComparer.Ordinal), dryRemove);
        using var listing = JsonDocument.Parse(ls.Stdout);
        Assert.Equal(expectedKeep.Order(StringComparer.Ordinal),
            listing.RootElement.GetProperty("backups").EnumerateArray().Select(b => b.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
        Assert.Equal(incomplete, listing.RootElement.GetProperty("incomplete")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Prune_Table_ActionsAndSummary()
    {
        for (var day = 0; day < 3; day++)
        {
            await TestBackups.AddAsync(_repo, s_day0.AddDays(day));
        }

        var r = await CliRunner.RunAsync("backups", "prune", "--repo", _repo, "--keep-last", "1", "--dry-run");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(2, r.Stdout.Split('\n').Count(l => l.StartsWith("would remove", StringComparison.Ordinal)));
        Assert.Contains("keep 1 last: would remove 2 backups, kept 1 (dry run: nothing was deleted)", r.Stdout, StringComparison.Ordinal);
        Assert.Equal(3, Directory.EnumerateDirectories(_repo).Count());
    }

    [Fact]
    public async Task Prune_NoRules_KeepsEverythingAndWarns()
    {
        await TestBackups.AddAsync(_repo, s_day0);
        await TestBackups.AddAsync(_repo, s_day0.AddDays(1));

        var r = await CliRunner.RunAsync("backups", "prune", "--repo", _repo);

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("warning: no --keep-* flag given", r.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, Directory.EnumerateDirectories(_repo).Count());
    }

    [Fact]
    public async Task Prune_NegativeCount_Usage() =>
        Assert.Equal(2, (await CliRunner.RunAsync("backups", "prune", "--repo", _repo, "--keep-daily", "-1")).ExitCode);

    private static List<string> Ids(string json, string list)
    {
        using var doc = JsonDocument.Parse(json);
        return [.. doc.RootElement.GetProperty(list).EnumerateArray().Select(d => d.GetProperty("id").GetString()!)];
    }
}
