using System.Globalization;
using EtcdSnap.Core.Inspection;
using EtcdSnap.IntegrationTests.Etcd;
using EtcdSnap.Kubernetes.Objects;
using EtcdSnap.Testing;
using Xunit.Abstractions;

namespace EtcdSnap.IntegrationTests.Inspection;

/// <summary>
/// Inspection streams values: a snapshot of 20 objects of 5 MB each (100 MB of values) is listed, read and compared
/// while allocating a small multiple of one value. Measured with <see cref="GC.GetAllocatedBytesForCurrentThread"/>:
/// inspection is synchronous on the calling thread, so every byte it allocates (page buffers from the shared pool
/// included, the first time they are rented) is counted, and nothing another test does is.
/// </summary>
public sealed class InspectionMemoryTests(ITestOutputHelper output)
{
    private const int ValueSize = 5_000_000;
    private const int HugeObjects = 20;

    [Fact]
    public async Task ListGetCompare_HugeValues_AllocateASmallMultipleOfOneValue()
    {
        using var temp = new TempDirectory("inspect-mem");
        var snapshot = temp.Combine("huge.db");
        await using (var etcd = await EtcdProcess.StartAsync(new EtcdProcessOptions { ExtraArgs = ["--max-request-bytes", "10485760"] }))
        {
            using var factory = EtcdTestClient.Factory(etcd, commandTimeout: TimeSpan.FromSeconds(30));
            using var client = factory.CreateMemberClient();
            var random = new Random(5);
            for (var i = 0; i < HugeObjects; i++)
            {
                var name = "bundle-" + i.ToString("D2", CultureInfo.InvariantCulture);
                var data = new byte[ValueSize];
                random.NextBytes(data);
                // A ConfigMap-shaped object whose field 2 holds 5 MB, the way binaryData would.
                var body = new byte[ValueSize + 6];
                body[0] = 0x12;
                var n = WriteVarint(body.AsSpan(1), (ulong)ValueSize);
                data.CopyTo(body.AsSpan(1 + n));
                await client.PutAsync($"/registry/configmaps/big/{name}", KubernetesObjectEncoder.Protobuf("v1", "ConfigMap",
                    new ObjectMeta { Name = name, Namespace = "big", Uid = Guid.NewGuid().ToString() }, body.AsSpan(0, 1 + n + ValueSize)));
            }

            await client.PutAsync("/registry/namespaces/big", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\"}");
            await etcd.Etcdctl.CheckedAsync("snapshot", "save", snapshot);
        }

        var fileSize = new FileInfo(snapshot).Length;
        Assert.True(fileSize > HugeObjects * (long)ValueSize, $"snapshot of {fileSize} bytes");
        // Holding every value would take HugeObjects × ValueSize (100 MB). Streaming holds a few buffers of one value
        // each, and the shared pool rounds a 5 MB value up to an 8 MB array; when the GC trims the pool under the load
        // of the tests running beside this one, a buffer is rented afresh and counted again (16.8 MB measured alone,
        // 25.2 MB once in a full run). Six values' worth separates the two behaviours with room on both sides.
        var budget = 6L * ValueSize;

        var listed = Measure(() => SnapshotInspector.List(snapshot, ObjectFilter.All, new()), out var listing);
        Assert.Equal(HugeObjects + 1, listing.Objects.Count);
        Assert.All(listing.Objects.Where(o => o.Location.Namespace == "big"), o => Assert.Equal("ConfigMap", o.Kind));

        var compared = Measure(() => SnapshotInspector.Compare(snapshot, snapshot, ObjectFilter.All, new()), out var diff);
        Assert.Equal(HugeObjects + 1, diff.Unchanged);

        var got = Measure(() => SnapshotInspector.Get(snapshot, new ObjectQuery("cm", "bundle-07", "big"), new()), out var detail);
        Assert.Equal($"protobuf field 2, {ValueSize:N0} bytes, not decoded", (string?)detail.Document["data"]);

        output.WriteLine($"snapshot {fileSize:N0} bytes; allocated: ls {listed:N0}, diff {compared:N0}, get {got:N0} (budget {budget:N0})");
        Assert.True(listed < budget, $"ls allocated {listed:N0} bytes for {HugeObjects} values of {ValueSize:N0}");
        Assert.True(compared < budget, $"diff allocated {compared:N0} bytes");
        Assert.True(got < budget, $"get allocated {got:N0} bytes");
    }

    private static long Measure<T>(Func<T> work, out T result)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        result = work();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static int WriteVarint(Span<byte> destination, ulong value)
    {
        var i = 0;
        for (; value >= 0x80; value >>= 7)
        {
            destination[i++] = (byte)(value | 0x80);
        }

        destination[i++] = (byte)value;
        return i;
    }
}
