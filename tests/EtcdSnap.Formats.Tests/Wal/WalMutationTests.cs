using System.Globalization;
using EtcdSnap.Formats.Raft;
using EtcdSnap.Formats.Snap;
using EtcdSnap.Formats.Tests.Membership;
using EtcdSnap.Formats.Wal;
using EtcdSnap.Testing;
using Xunit.Abstractions;

namespace EtcdSnap.Formats.Tests.Wal;

/// <summary>
/// Seeded mutations of real WAL and snap files: whatever the bytes, the readers either succeed or throw
/// <see cref="CorruptDataException"/>. FUZZ_SEED reproduces a run, FUZZ_COUNT changes its length (default 2000 per input).
/// </summary>
public sealed class WalMutationTests(ITestOutputHelper output)
{
    private const string Seg0 = "0000000000000000-0000000000000000.wal";
    private const string Seg1 = "0000000000000001-0000000000000001.wal";

    private static readonly int s_count = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_COUNT"), CultureInfo.InvariantCulture, out var c) ? c : 2000;

    [Fact]
    public void ReadAll_MutatedSegments_OnlyCorruptDataEscapes()
    {
        var seed = Seed();
        var random = new Random(seed);
        var inputs = new List<byte[][]>
        {
            new[] { WithZeroTail(RestoreFixture.Load("two-members-m1").WalData) },
            new[] { WithZeroTail(File.ReadAllBytes(Path.Combine(WalTestData.LiveMemberDir, "wal-data.bin"))) },
            TwoSegments(),
        };

        var outcomes = new Dictionary<string, int>();
        foreach (var input in inputs)
        {
            for (var i = 0; i < s_count; i++)
            {
                var segments = input.Select(s => s.ToArray()).ToArray();
                var target = random.Next(segments.Length);
                var mutation = Mutate(random, ref segments[target]);
                var outcome = Run(seed, i, mutation, () => ReadAll(segments));
                outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
            }
        }

        output.WriteLine($"FUZZ_SEED={seed} FUZZ_COUNT={s_count}: " + string.Join(", ", outcomes.Select(o => $"{o.Key} {o.Value}")));
        Assert.True(outcomes.GetValueOrDefault("corrupt") > 0, "no mutation was detected as corrupt");
    }

    [Fact]
    public void SnapDecode_MutatedFiles_OnlyCorruptDataEscapes()
    {
        var seed = Seed();
        var random = new Random(seed);
        var original = File.ReadAllBytes(RestoreFixture.Load("three-members-a").SnapPath);
        var accepted = 0;
        for (var i = 0; i < s_count; i++)
        {
            var bytes = original.ToArray();
            var mutation = Mutate(random, ref bytes);
            if (Run(seed, i, mutation, () => SnapFile.Decode(bytes, "fuzz.snap")) == "ok")
            {
                accepted++;
            }
        }

        output.WriteLine($"FUZZ_SEED={seed}: {accepted} of {s_count} mutated snap files still decoded");
    }

    [Fact]
    public void MessageParsers_RandomBytes_OnlyCorruptDataEscapes()
    {
        var seed = Seed();
        var random = new Random(seed);
        var parsers = new Action<byte[]>[]
        {
            b => Entry.Parse(b), b => ConfChange.Parse(b), b => HardState.Parse(b), b => ConfState.Parse(b),
            b => SnapshotMetadata.Parse(b), b => RaftSnapshot.Parse(b), b => MemberMetadata.Parse(b),
            b => WalRecord.Parse(b), b => WalSnapshot.Parse(b),
        };
        var valid = new RaftSnapshot
        {
            Data = [1, 2, 3],
            Metadata = new SnapshotMetadata { ConfState = new ConfState { Voters = [1, 2] }, Index = 5, Term = 1 },
        }.ToByteArray();
        for (var i = 0; i < s_count; i++)
        {
            var bytes = random.Next(2) == 0 ? RandomBytes(random) : valid.ToArray();
            var mutation = Mutate(random, ref bytes);
            foreach (var parse in parsers)
            {
                Run(seed, i, mutation, () => parse(bytes));
            }
        }
    }

    private int Seed()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), CultureInfo.InvariantCulture, out var s)
            ? s
            : Random.Shared.Next();
        output.WriteLine($"FUZZ_SEED={seed}");
        return seed;
    }

    private static string Run(int seed, int iteration, string mutation, Action action)
    {
        try
        {
            action();
            return "ok";
        }
        catch (CorruptDataException)
        {
            return "corrupt";
        }
        catch (Exception e)
        {
            Assert.Fail($"FUZZ_SEED={seed} iteration {iteration} ({mutation}): {e.GetType().Name} escaped: {e}");
            throw;
        }
    }

    private static WalContents ReadAll(byte[][] segments)
    {
        var names = new[] { Seg0, Seg1 };
        var list = segments.Select((bytes, i) =>
        {
            Assert.True(WalSegmentName.TryParse(names[i], out var name));
            return (name, names[i], (Func<Stream>)(() => new MemoryStream(bytes, writable: false)));
        }).ToList();
        var wal = WalReader.ReadAll(list, []);
        _ = wal.Metadata;
        return wal;
    }

    private static byte[][] TwoSegments()
    {
        using var temp = new TempDirectory();
        var dir = temp.Combine("wal");
        using (var w = WalWriter.Create(dir, new MemberMetadata { NodeId = 3, ClusterId = 4 },
                   new WalWriterOptions { SegmentSizeBytes = 400, Preallocate = false }))
        {
            for (var i = 1; i <= 12; i++)
            {
                w.Save(new HardState { Term = 1, Commit = (ulong)i }, [new Entry { Term = 1, Index = (ulong)i, Data = new byte[i * 7] }]);
            }

            w.Commit();
        }

        return Directory.GetFiles(dir).Order(StringComparer.Ordinal).Take(2).Select(File.ReadAllBytes).ToArray();
    }

    private static byte[] WithZeroTail(byte[] data) => [.. data, .. new byte[64]];

    private static byte[] RandomBytes(Random random)
    {
        var b = new byte[random.Next(0, 64)];
        random.NextBytes(b);
        return b;
    }

    private static string Mutate(Random random, ref byte[] bytes)
    {
        if (bytes.Length == 0)
        {
            bytes = RandomBytes(random);
            return "replace empty";
        }

        var at = random.Next(bytes.Length);
        switch (random.Next(7))
        {
            case 0:
                bytes[at] ^= (byte)(1 << random.Next(8));
                return $"flip bit at {at}";
            case 1:
                bytes[at] = (byte)random.Next(256);
                return $"set byte at {at}";
            case 2:
                bytes = bytes[..at];
                return $"truncate to {at}";
            case 3:
                {
                    var n = Math.Min(bytes.Length - at, random.Next(1, 600));
                    bytes.AsSpan(at, n).Clear();
                    return $"zero {n} at {at}";
                }

            case 4:
                {
                    var word = at / 8 * 8;
                    var n = Math.Min(8, bytes.Length - word);
                    random.NextBytes(bytes.AsSpan(word, n));
                    return $"randomize word at {word}";
                }

            case 5:
                {
                    var from = random.Next(bytes.Length);
                    var n = Math.Min(Math.Min(bytes.Length - from, bytes.Length - at), random.Next(1, 200));
                    bytes.AsSpan(from, n).ToArray().CopyTo(bytes.AsSpan(at));
                    return $"copy {n} from {from} to {at}";
                }

            default:
                {
                    var insert = RandomBytes(random);
                    bytes = [.. bytes[..at], .. insert, .. bytes[at..]];
                    return $"insert {insert.Length} at {at}";
                }
        }
    }
}
