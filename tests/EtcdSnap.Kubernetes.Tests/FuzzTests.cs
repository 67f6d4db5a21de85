using System.Text;
using EtcdSnap.Formats;
using EtcdSnap.Kubernetes.Manifests;
using EtcdSnap.Kubernetes.Objects;
using EtcdSnap.Kubernetes.Objects.Samples;
using EtcdSnap.Kubernetes.Tests.Manifests;
using Xunit.Abstractions;

namespace EtcdSnap.Kubernetes.Tests;

/// <summary>
/// Seeded mutation fuzzing: truncations, bit flips, byte overwrites, splices and insertions of every sample value,
/// upstream fixture and manifest. The invariant: decoders throw only CorruptDataException (values) or
/// ManifestException (manifests). FUZZ_SEED reproduces a run, FUZZ_COUNT extends it.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private readonly int _seed = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_SEED"), out var s) ? s : Environment.TickCount;
    private readonly int _count = int.TryParse(Environment.GetEnvironmentVariable("FUZZ_COUNT"), out var c) ? c : 150;

    [Fact]
    public void StoredValueDecoder_MutatedValues_OnlyCorruptDataException()
    {
        output.WriteLine($"FUZZ_SEED={_seed} FUZZ_COUNT={_count}");
        var corpus = SampleCluster.Create().Select(e => e.Value)
            .Concat(Directory.GetFiles(Golden.TestData("upstream"), "*.pb").Select(File.ReadAllBytes)).ToList();
        var random = new Random(_seed);
        var decoded = 0;
        foreach (var original in corpus)
        {
            for (var i = 0; i < _count; i++)
            {
                var mutated = Mutate(original, corpus[random.Next(corpus.Count)], random);
                try
                {
                    _ = StoredValueDecoder.Decode(mutated, "fuzz");
                    decoded++;
                }
                catch (CorruptDataException e)
                {
                    Assert.False(e.Message.Contains('\n', StringComparison.Ordinal), $"FUZZ_SEED={_seed}: multi-line message: {e.Message}");
                }
                catch (Exception e)
                {
                    Assert.Fail($"FUZZ_SEED={_seed}: {e.GetType().Name} on {Convert.ToHexString(mutated)}: {e}");
                }
            }
        }

        output.WriteLine($"{corpus.Count * _count} mutations, {decoded} still decoded");
    }

    [Fact]
    public void RegistryKeyParser_RandomKeys_NeverThrows()
    {
        var random = new Random(_seed);
        string[] parts = ["registry", "pods", "services", "specs", "a.b", "", "x", "ranges", "masterleases", "apiextensions.k8s.io", "/", ".."];
        for (var i = 0; i < _count * 50; i++)
        {
            var key = "/" + string.Join('/', Enumerable.Range(0, random.Next(0, 7)).Select(_ => parts[random.Next(parts.Length)]));
            var bytes = new byte[random.Next(0, 24)];
            random.NextBytes(bytes);
            _ = RegistryKeyParser.Parse(key);
            _ = RegistryKeyParser.Parse(bytes);
            _ = StoredValueFormat.Detect(bytes);
        }
    }

    [Fact]
    public void Manifests_MutatedText_OnlyManifestException()
    {
        output.WriteLine($"FUZZ_SEED={_seed} FUZZ_COUNT={_count}");
        var corpus = ManifestGoldenTests.Cases.Select(c => (string)c[0])
            .Select(n => Encoding.UTF8.GetBytes(StaticPodManifest.ReadText(Golden.TestData("manifests", n + ".input.yaml")))).ToList();
        var random = new Random(_seed);
        foreach (var original in corpus)
        {
            for (var i = 0; i < _count; i++)
            {
                var text = Encoding.UTF8.GetString(Mutate(original, corpus[random.Next(corpus.Count)], random));
                try
                {
                    var manifest = EtcdPodManifest.Parse(text, "fuzz.yaml");
                    _ = manifest.Discover("/nonexistent-root");
                    _ = EtcdManifestEditor.SwitchDataDir(text, "fuzz.yaml", new DataDirSwitch("/var/lib/etcd-new/data", "s sha256:0"));
                }
                catch (ManifestException e)
                {
                    Assert.False(e.Message.Contains('\n', StringComparison.Ordinal), $"FUZZ_SEED={_seed}: multi-line message: {e.Message}");
                }
                catch (Exception e)
                {
                    Assert.Fail($"FUZZ_SEED={_seed}: {e.GetType().Name} on manifest:\n{text}\n{e}");
                }
            }
        }
    }

    private static byte[] Mutate(byte[] original, byte[] other, Random random)
    {
        var data = original.ToList();
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits; e++)
        {
            var at = data.Count == 0 ? 0 : random.Next(data.Count);
            switch (random.Next(6))
            {
                case 0:
                    data = data.Take(random.Next(data.Count + 1)).ToList();
                    break;
                case 1 when data.Count > 0:
                    data[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 2 when data.Count > 0:
                    data[at] = (byte)random.Next(256) is var b && random.Next(2) == 0 ? (byte)0xFF : b;
                    break;
                case 3:
                    var from = random.Next(other.Length + 1);
                    data.InsertRange(at, other.Skip(from).Take(random.Next(1, 64)));
                    break;
                case 4:
                    data.RemoveRange(at, Math.Min(data.Count - at, random.Next(1, 16)));
                    break;
                default:
                    data.InsertRange(at, Enumerable.Range(0, random.Next(1, 6)).Select(_ => (byte)random.Next(256)));
                    break;
            }
        }

        return [.. data];
    }
}
