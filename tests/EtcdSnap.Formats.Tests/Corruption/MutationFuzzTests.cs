using System.Diagnostics;
using System.Globalization;
using EtcdSnap.Formats.Bbolt;
using EtcdSnap.Formats.Snapshot;
using EtcdSnap.Formats.Tests.Support;
using EtcdSnap.Testing;
using Xunit.Abstractions;

namespace EtcdSnap.Formats.Tests.Corruption;

/// <summary>
/// Seeded mutations (truncate, bit flips, splices) of every fixture: only <see cref="CorruptDataException"/> or
/// findings may come out (runtime <c>CborReaderFuzzer</c> invariant). FUZZ_SEED reproduces a run, FUZZ_COUNT extends it.
/// </summary>
public sealed class MutationFuzzTests(ITestOutputHelper output)
{
    [Fact]
    public void Mutations_OfEveryFixture_OnlyCorruptDataOrFindings()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), CultureInfo.InvariantCulture, out var s)
            ? s : Environment.TickCount;
        var count = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_COUNT"), CultureInfo.InvariantCulture, out var c)
            ? c : 2000;
        output.WriteLine($"FUZZ_SEED={seed} FUZZ_COUNT={count}");
        var random = new Random(seed);
        using var temp = new TempDirectory();
        var target = Path.Combine(temp.Path, "mutant.db");
        var fixtures = Fixtures.AllDbs.Select(p => (Bytes: File.ReadAllBytes(p), Pages: PageMap.Collect(p))).ToArray();
        var outcomes = new Dictionary<string, int>();
        var watch = Stopwatch.StartNew();

        for (var i = 0; i < count; i++)
        {
            // The small fixture is cheap; the big one has branch pages and overflow runs.
            var (bytes, pages) = fixtures[random.Next(4) == 0 ? 0 : 2];
            var (mutant, what) = Mutate(random, bytes, pages);
            File.WriteAllBytes(target, mutant);
            string outcome;
            try
            {
                outcome = Exercise(target);
            }
            catch (CorruptDataException)
            {
                outcome = "corrupt";
            }
            catch (Exception e)
            {
                Assert.Fail($"FUZZ_SEED={seed} iteration {i} ({what}): {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
                throw;
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        output.WriteLine($"{count} mutants in {watch.Elapsed.TotalSeconds:F1} s: " +
            string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {o.Value}")));
    }

    private static string Exercise(string path)
    {
        using var db = BboltFile.Open(path);
        var status = SnapshotStatusCalculator.Compute(db);
        var findings = BboltChecker.Check(db);
        // The status pass runs the same check (and adds etcd's own status errors), so it sees at least as much.
        Assert.True(findings.Count == 0 || status.Findings.Count > 0);
        foreach (var bucket in db.GetBucketNames())
        {
            db.ForEach(bucket, (_, _, _) => true);
        }

        return findings.Count == 0 ? "clean" : "findings";
    }

    private static (byte[] Mutant, string What) Mutate(Random random, byte[] original, List<MappedPage> pages)
    {
        var bytes = (byte[])original.Clone();
        // Aim most changes at pages that are really used (metas and reachable pages); free pages change nothing.
        long Target()
        {
            if (random.Next(5) == 0)
            {
                return random.Next(2) * 4096 + random.Next(16, 80);
            }

            var page = pages[random.Next(pages.Count)];
            var span = Math.Min((page.Overflow + 1) * 4096L, bytes.Length - page.Offset);
            return page.Offset + (random.Next(3) == 0 ? random.Next(0, 64) : (long)(random.NextDouble() * span));
        }

        switch (random.Next(4))
        {
            case 0:
                var length = random.Next(0, bytes.Length);
                return (bytes[..length], $"truncate to {length}");
            case 1:
                var flips = random.Next(1, 9);
                for (var k = 0; k < flips; k++)
                {
                    var at = Math.Min(Target(), bytes.Length - 1);
                    bytes[at] ^= (byte)(1 << random.Next(8));
                }

                return (bytes, $"{flips} bit flips");
            case 2:
                var from = Target();
                var to = Target();
                var n = (int)Math.Min(random.Next(1, 64), Math.Min(bytes.Length - from, bytes.Length - to));
                Array.Copy(original, from, bytes, to, n);
                return (bytes, $"splice {n} bytes {from}->{to}");
            default:
                var offset = Math.Min(Target(), bytes.Length - 8);
                BitConverter.TryWriteBytes(bytes.AsSpan((int)offset), random.Next(3) switch
                {
                    0 => ulong.MaxValue,
                    1 => (ulong)random.Next(0, 400),
                    _ => 0UL,
                });
                return (bytes, $"u64 at {offset}");
        }
    }
}
