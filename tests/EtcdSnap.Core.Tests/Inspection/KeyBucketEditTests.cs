using System.Text;
using EtcdSnap.Core.Inspection;
using EtcdSnap.Formats;
using EtcdSnap.Formats.Bbolt;
using EtcdSnap.Formats.Mvcc;
using EtcdSnap.Kubernetes.Objects;
using EtcdSnap.Testing;

namespace EtcdSnap.Core.Tests.Inspection;

/// <summary>
/// Records etcd itself would not write, or writes rarely, added to the demo snapshot's key bucket with
/// <see cref="BboltRewriter"/>: each must end in a precise exception or an honest listing.
/// </summary>
public sealed class KeyBucketEditTests : IDisposable
{
    private const long Next = 1000; // a revision above every one in the fixture
    private readonly TempDirectory _temp = new("inspect-edit");

    public void Dispose() => _temp.Dispose();

    private string Edit(Action<BboltEditPlan> edit)
    {
        var plan = new BboltEditPlan();
        edit(plan);
        var target = Path.Combine(_temp.Path, Guid.NewGuid().ToString("N") + ".db");
        BboltRewriter.Rewrite(InspectionFixtures.DemoBefore, new FileInfo(InspectionFixtures.DemoBefore).Length - 32, target, plan, hashSource: false);
        return target;
    }

    private static void Put(BboltEditPlan plan, Revision revision, byte[] record, bool tombstone = false) =>
        plan.Put(BucketNames.Key, revision.ToKey(tombstone), record);

    /// <summary>An mvccpb.KeyValue, field by field (api/mvccpb/kv.proto).</summary>
    private static byte[] KeyValue(string key, long create, long mod, long version, byte[]? value)
    {
        var bytes = new List<byte>();
        void Varint(ulong v)
        {
            for (; v >= 0x80; v >>= 7)
            {
                bytes.Add((byte)(v | 0x80));
            }

            bytes.Add((byte)v);
        }

        void Field(int number, int wire) => Varint((ulong)((number << 3) | wire));
        var k = Encoding.UTF8.GetBytes(key);
        Field(1, 2);
        Varint((ulong)k.Length);
        bytes.AddRange(k);
        if (value is not null)
        {
            Field(2, 0);
            Varint((ulong)create);
            Field(3, 0);
            Varint((ulong)mod);
            Field(4, 0);
            Varint((ulong)version);
            Field(5, 2);
            Varint((ulong)value.Length);
            bytes.AddRange(value);
        }

        return [.. bytes];
    }

    [Fact]
    public void Tombstone_AfterThePut_RemovesTheObject()
    {
        var path = Edit(p => Put(p, new Revision(Next, 0), KeyValue("/registry/pods/default/blue-6b478c8dbf-2pxxs", 0, 0, 0, null), tombstone: true));

        var listing = SnapshotInspector.List(path, ObjectFilter.All, new());

        Assert.DoesNotContain(listing.Objects, o => o.Location.Name == "blue-6b478c8dbf-2pxxs");
        Assert.Equal(39, listing.Objects.Count);
        Assert.Equal(Next, listing.Revision);
    }

    [Fact]
    public void BumpRevisionPlaceholder_IsNotAKey()
    {
        // restore --bump-revision writes a 17-byte revision with an empty value (etcd-formats.md §5.5).
        var path = Edit(p => Put(p, new Revision(Next, 0), []));

        var listing = SnapshotInspector.List(path, ObjectFilter.All, new());

        Assert.Equal(40, listing.Objects.Count);
        Assert.Equal(3, listing.OtherKeys.Count);
        Assert.Equal(Next, listing.Revision);
    }

    [Fact]
    public void NotARevisionKey_IsCorrupt()
    {
        var path = Edit(p => p.Put(BucketNames.Key, "zzz"u8, KeyValue("/registry/x", 1, 1, 1, [1])));

        var e = Assert.Throws<CorruptDataException>(() => SnapshotInspector.List(path, ObjectFilter.All, new()));

        Assert.Contains("key bucket entry 7a7a7a is not a revision", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UndecodableRecord_IsCorrupt()
    {
        var path = Edit(p => Put(p, new Revision(Next, 0), [0x0A, 0x7F, 0x01]));

        var e = Assert.Throws<CorruptDataException>(() => SnapshotInspector.List(path, ObjectFilter.All, new()));

        Assert.Contains($"revision {Next}_0: the mvccpb.KeyValue record does not decode", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BrokenValues_AreListedWithAProblem_AndGetRefusesThem()
    {
        var path = Edit(p =>
        {
            Put(p, new Revision(Next, 0), KeyValue("/registry/pods/default/broken", Next, Next, 1, [.. "k8s\0"u8, 0x0A, 0x50]));
            Put(p, new Revision(Next, 1), KeyValue("/registry/example.com/widgets/default/w", Next, Next, 1, "{\"kind\":"u8.ToArray()));
        });

        var listing = SnapshotInspector.List(path, ObjectFilter.All, new());

        var pod = Assert.Single(listing.Objects, o => o.Location.Name == "broken");
        Assert.Equal((StoredValueEncoding.Protobuf, null), (pod.Encoding, pod.Kind));
        Assert.StartsWith("protobuf envelope does not decode", pod.Problem, StringComparison.Ordinal);
        var widget = Assert.Single(listing.Objects, o => o.Location.Name == "w");
        Assert.StartsWith("invalid JSON", widget.Problem, StringComparison.Ordinal);
        var e = Assert.Throws<CorruptDataException>(() => SnapshotInspector.Get(path, new ObjectQuery("po", "broken"), new()));
        Assert.StartsWith("/registry/pods/default/broken", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LaterPut_OfTheSameKey_WinsAndKeepsTheCreateRevision()
    {
        var written = SampleClusterValue("/registry/configmaps/kube-system/coredns");
        var path = Edit(p => Put(p, new Revision(Next, 0), KeyValue("/registry/configmaps/kube-system/coredns", 23, Next, 2, written)));

        var cm = Assert.Single(SnapshotInspector.List(path, new ObjectFilter("kube-system", "cm"), new()).Objects, o => o.Location.Name == "coredns");

        Assert.Equal((23, Next, 2), (cm.CreateRevision, cm.ModRevision, cm.Version));
    }

    private static byte[] SampleClusterValue(string key) =>
        Kubernetes.Objects.Samples.SampleCluster.Create().Single(e => e.Key == key).Value;
}
