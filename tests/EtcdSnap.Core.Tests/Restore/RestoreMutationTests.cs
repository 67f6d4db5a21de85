using System.Diagnostics;
using System.Globalization;
using EtcdSnap.Core.Restore;
using EtcdSnap.Formats;
using EtcdSnap.Formats.Bbolt;
using EtcdSnap.Formats.Mvcc;
using EtcdSnap.Testing;
using Xunit.Abstractions;

namespace EtcdSnap.Core.Tests.Restore;

/// <summary>
/// Seeded mutations of a real snapshot (bit flips, zeroed and spliced pages, truncation) fed to the whole restore.
/// Invariants: with the hash check no mutant is ever restored; with <c>--skip-hash-check</c> a mutant is either
/// refused with <see cref="CorruptDataException"/> or restored into a db that passes bbolt's check; a refusal leaves
/// nothing behind; nothing else is ever thrown. FUZZ_SEED reproduces a run, FUZZ_COUNT extends it.
/// </summary>
[Collection(RestoreSnapshotsGroup.Name)]
public sealed class RestoreMutationTests(RestoreSnapshots source, ITestOutputHelper output)
{
    [Fact]
    public async Task Restore_SeededMutantsOfARealSnapshot_RefusedOrRestoredIntact()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), CultureInfo.InvariantCulture, out var s) ? s : Environment.TickCount;
        var count = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_COUNT"), CultureInfo.InvariantCulture, out var c) ? c : 200;
        output.WriteLine($"FUZZ_SEED={seed} FUZZ_COUNT={count}");
        var random = new Random(seed);
        var original = await File.ReadAllBytesAsync(source.SnapshotPath);
        int pageSize;
        long used;
        using (var db = BboltFile.Open(source.SnapshotPath))
        {
            pageSize = db.PageSize;
            used = db.Meta.DataLength;
        }

        using var temp = new TempDirectory();
        var mutantPath = temp.Combine("mutant.db");
        var targets = temp.Combine("targets");
        Directory.CreateDirectory(targets);
        var outcomes = new Dictionary<string, int>();
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var (mutant, what) = Mutate(random, original, pageSize, used);
            var changed = !mutant.AsSpan().SequenceEqual(original); // zeroing a zero page changes nothing
            await File.WriteAllBytesAsync(mutantPath, mutant);
            var skip = random.Next(4) != 0;
            var dataDir = Path.Combine(targets, $"m{i}");
            var context = $"FUZZ_SEED={seed} iteration {i} ({what}, skip-hash-check {skip})";
            string outcome;
            try
            {
                await SnapshotRestorer.RestoreAsync(new RestoreOptions { SnapshotPath = mutantPath, DataDir = dataDir, SkipHashCheck = skip });
                Assert.True(skip || !changed, $"{context}: restored a file that differs from what etcd sent");
                using var restored = BboltFile.Open(Path.Combine(dataDir, "member", "snap", "db"));
                Assert.True(BboltChecker.Check(restored).Count == 0, $"{context}: the restored db fails bbolt's check");
                Assert.Equal(1UL, EtcdMetaValues.Read(restored).ConsistentIndex);
                outcome = "restored";
            }
            catch (CorruptDataException)
            {
                outcome = "refused";
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                Assert.Fail($"{context}: {e.GetType().Name}: {e.Message}\n{e}");
                throw;
            }

            if (outcome == "refused")
            {
                Assert.True(RestoreAssert.Listing(targets).Count == 0, $"{context}: left {string.Join(", ", RestoreAssert.Listing(targets))}");
            }
            else
            {
                Directory.Delete(dataDir, recursive: true);
            }

            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        output.WriteLine($"{count} mutants in {watch.Elapsed.TotalSeconds:F1} s: " +
            string.Join(", ", outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key} {o.Value}")));
        Assert.True(outcomes.GetValueOrDefault("refused") > 0);
    }

    private static (byte[] Mutant, string What) Mutate(Random random, byte[] original, int pageSize, long used)
    {
        var bytes = (byte[])original.Clone();
        var pages = (int)(used / pageSize);
        switch (random.Next(10))
        {
            case 0:
                var length = random.NextInt64(0, bytes.Length);
                return (bytes[..(int)length], $"truncated to {length}");
            case 1:
                var zeroed = random.Next(pages);
                Array.Clear(bytes, zeroed * pageSize, pageSize);
                return (bytes, $"page {zeroed} zeroed");
            case 2:
                var (from, to) = (random.Next(pages), random.Next(pages));
                Array.Copy(original, from * pageSize, bytes, to * pageSize, pageSize);
                return (bytes, $"page {from} copied over page {to}");
            case 3:
                // Page headers: id, flags, count, overflow.
                var header = random.Next(pages) * pageSize + random.Next(16);
                bytes[header] ^= (byte)(1 << random.Next(8));
                return (bytes, $"bit flip in a page header at {header}");
            default:
                var flips = random.Next(1, 4);
                var at = new List<long>();
                for (var f = 0; f < flips; f++)
                {
                    var offset = random.NextInt64(0, used);
                    bytes[offset] ^= (byte)(1 << random.Next(8));
                    at.Add(offset);
                }

                return (bytes, $"bit flips at {string.Join(',', at)}");
        }
    }
}
