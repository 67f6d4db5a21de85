using EtcdSnap.Core.Inspection;
using EtcdSnap.Formats;
using EtcdSnap.Testing;
using Xunit.Abstractions;

namespace EtcdSnap.Core.Tests.Inspection;

/// <summary>
/// Damaged snapshots end in <see cref="CorruptDataException"/> (exit 3) or an honest partial answer, never in an index,
/// range or null-reference error. Seeded: FUZZ_SEED reproduces a run, FUZZ_COUNT extends it.
/// </summary>
public sealed class CorruptSnapshotTests(ITestOutputHelper output)
{
    private static readonly InspectionOptions s_default = new();

    [Fact]
    public void Inspect_MutatedSnapshots_ThrowOnlyCorruptDataOrNotFound()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), out var s) ? s : Environment.TickCount;
        var count = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_COUNT"), out var c) ? c : 300;
        output.WriteLine($"FUZZ_SEED={seed} FUZZ_COUNT={count}");
        var random = new Random(seed);
        var original = File.ReadAllBytes(InspectionFixtures.DemoAfter);
        using var temp = new TempDirectory("inspect-fuzz");
        var path = Path.Combine(temp.Path, "mutated.db");
        int corrupt = 0, fine = 0;
        for (var i = 0; i < count; i++)
        {
            File.WriteAllBytes(path, Mutate(original, random));
            try
            {
                SnapshotInspector.List(path, ObjectFilter.All, s_default);
                SnapshotInspector.Compare(InspectionFixtures.DemoBefore, path, ObjectFilter.All, s_default, includeOtherKeys: true);
                SnapshotInspector.Get(path, new ObjectQuery("deploy", "red"), s_default);
                fine++;
            }
            catch (Exception e) when (e is CorruptDataException or ObjectNotFoundException or UnknownResourceException)
            {
                corrupt++;
            }
            catch (Exception e)
            {
                File.Copy(path, Path.Combine(Path.GetTempPath(), $"etcdsnap-fuzz-{seed}-{i}.db"), overwrite: true);
                throw new Xunit.Sdk.XunitException($"mutation {i} (FUZZ_SEED={seed}) escaped as {e.GetType().Name}: {e}");
            }
        }

        output.WriteLine($"{corrupt} refused, {fine} read");
        Assert.True(corrupt > 0, "no mutation was noticed: the test is not reaching the reader");
    }

    /// <summary>One of: flip bits in a few random bytes, zero a run, truncate, or overwrite a 16-byte run with noise.</summary>
    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = (byte[])original.Clone();
        switch (random.Next(4))
        {
            case 0:
                for (var n = random.Next(1, 8); n > 0; n--)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }

                return bytes;
            case 1:
                Array.Clear(bytes, random.Next(bytes.Length - 64), random.Next(1, 64));
                return bytes;
            case 2:
                return bytes[..random.Next(bytes.Length)];
            default:
                random.NextBytes(bytes.AsSpan(random.Next(bytes.Length - 16), 16));
                return bytes;
        }
    }
}
