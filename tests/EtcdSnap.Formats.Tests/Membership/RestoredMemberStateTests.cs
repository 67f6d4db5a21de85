using System.Buffers.Binary;
using System.Text;
using EtcdSnap.Formats.Membership;
using EtcdSnap.Formats.Snap;
using EtcdSnap.Formats.Wal;

namespace EtcdSnap.Formats.Tests.Membership;

/// <summary>Our restore output against what etcdctl 3.4.23 wrote for the same flags (testdata/restore).</summary>
public sealed class RestoredMemberStateTests
{
    private static readonly MemberStateOptions s_etcdctl34 = new() { Target = EtcdTarget.V34, SnapshotForm = WalSnapshotForm.WithoutConfState };

    [Theory]
    [MemberData(nameof(RestoreFixture.SuccessCaseData), MemberType = typeof(RestoreFixture))]
    public void Create_SameFlagsAsEtcdctl_WalIsByteIdentical(string name)
    {
        var fixture = RestoreFixture.Load(name);

        var state = RestoredMemberState.Create(BootstrapCluster.Create(fixture.Options()), s_etcdctl34);

        AssertBytesEqual(fixture.WalData, state.WalSegmentData);
        Assert.Equal(WalWriter.DefaultSegmentSizeBytes, fixture.WalFileSize);
    }

    [Theory]
    [MemberData(nameof(RestoreFixture.SuccessCaseData), MemberType = typeof(RestoreFixture))]
    public void Create_SameFlagsAsEtcdctl_SnapFileIsByteIdentical(string name)
    {
        var fixture = RestoreFixture.Load(name);

        var state = RestoredMemberState.Create(BootstrapCluster.Create(fixture.Options()), s_etcdctl34);

        Assert.Equal(Path.GetFileName(fixture.SnapPath), state.SnapFileName);
        AssertBytesEqual(File.ReadAllBytes(fixture.SnapPath), state.SnapFileBytes);
    }

    [Theory]
    [MemberData(nameof(RestoreFixture.SuccessCaseData), MemberType = typeof(RestoreFixture))]
    public void Create_SameFlagsAsEtcdctl_IdsAndUrlsMatchEtcdctlLog(string name)
    {
        var fixture = RestoreFixture.Load(name);

        var cluster = BootstrapCluster.Create(fixture.Options());

        var (clusterId, members) = fixture.EtcdctlIds;
        Assert.Equal(clusterId, MemberIds.ToHex(cluster.ClusterId));
        Assert.Equal(members, cluster.Members.Select(m => (m.HexId, string.Join(',', m.PeerUrls))).ToList());
    }

    [Theory]
    [MemberData(nameof(RestoreFixture.SuccessCaseData), MemberType = typeof(RestoreFixture))]
    public void Create_ThreeFiveForm_DiffersOnlyInLastRecordWhichCarriesConfState(string name)
    {
        var cluster = BootstrapCluster.Create(RestoreFixture.Load(name).Options());
        var v34 = RestoredMemberState.Create(cluster, s_etcdctl34).WalSegmentData;

        var state = RestoredMemberState.Create(cluster, new MemberStateOptions { Target = EtcdTarget.V35 });

        var v35 = state.WalSegmentData;
        var lastFrame = v34.Length - 24; // 8-byte length + 14-byte record + 2 pad for snapshot{N<128, 1}
        Assert.Equal(v34.AsSpan(0, lastFrame).ToArray(), v35.AsSpan(0, lastFrame).ToArray());
        Assert.Equal(state.RaftSnapshot.Metadata.ConfState, state.SnapshotRecord.ConfState);
        Assert.Equal(cluster.Members.Select(m => m.Id), state.SnapshotRecord.ConfState!.Voters);
    }

    [Fact]
    public void Create_LabVector_RecordsMatchEtcdFormatsTable()
    {
        // etcd-formats.md §5.6: m1 of m1=http://127.0.0.1:31480,m2=http://127.0.0.1:31482, token tok1.
        var cluster = BootstrapCluster.Create(new BootstrapOptions
        {
            Name = "m1",
            InitialCluster = "m1=http://127.0.0.1:31480,m2=http://127.0.0.1:31482",
            InitialAdvertisePeerUrls = "http://127.0.0.1:31480",
            InitialClusterToken = "tok1",
        });

        var wal = RestoredMemberState.Create(cluster, s_etcdctl34).WalSegmentData;

        var expected = new (int Offset, ulong LengthField, uint Crc)[]
        {
            (0, 0x8400000000000004, 0),
            (16, 0x810000000000001f, 0xc6c1285c),
            (56, 0x820000000000000e, 0x650dc518),
            (80, 0x820000000000006e, 0x5d472ce1),
            (200, 0x820000000000006e, 0x137f1be6),
            (320, 0x0000000000000018, 0x3830d38d),
            (352, 0x820000000000000e, 0x12db70a2),
        };
        Assert.Equal(376, wal.Length);
        foreach (var (offset, lengthField, crc) in expected)
        {
            Assert.Equal(lengthField, BinaryPrimitives.ReadUInt64LittleEndian(wal.AsSpan(offset)));
            var n = (int)(lengthField & 0xFFFFFFFFFFFFFF);
            Assert.Equal(crc, WalRecord.Parse(wal.AsSpan(offset + 8, n)).Crc);
        }

        Assert.Equal("08021001", Convert.ToHexStringLower(WalRecord.Parse(wal.AsSpan(360, 14)).Data!)); // snapshot{2,1}
    }

    [Fact]
    public void Create_LabVector_SnapFileMatchesAppendixB()
    {
        var cluster = BootstrapCluster.Create(new BootstrapOptions
        {
            Name = "m1",
            InitialCluster = "m1=http://127.0.0.1:31480,m2=http://127.0.0.1:31482",
            InitialAdvertisePeerUrls = "http://127.0.0.1:31480",
            InitialClusterToken = "tok1",
        });

        var state = RestoredMemberState.Create(cluster);

        // Appendix B: 7,029 bytes, starts 08 ba e3 ef 7e 12 ed 36 0a cc 36 {"Root":..., JSON of 6,988 bytes.
        Assert.Equal(7029, state.SnapFileBytes.Length);
        Assert.StartsWith("08bae3ef7e12ed360acc36", Convert.ToHexStringLower(state.SnapFileBytes), StringComparison.Ordinal);
        Assert.Equal(6988, state.RaftSnapshot.Data!.Length);
        Assert.EndsWith("121c0a1608c891a0f6d4fbe8f210088b91f388fb83d6f43e280010021801",
            Convert.ToHexStringLower(state.SnapFileBytes), StringComparison.Ordinal);
        Assert.Equal("0000000000000001-0000000000000002.snap", state.SnapFileName);
    }

    [Fact]
    public void Create_DbEdits_ReplaceMembersAndSetConsistentIndex()
    {
        var cluster = BootstrapCluster.Create(RestoreFixture.Load("three-members-b").Options());

        var v35 = RestoredMemberState.Create(cluster, new MemberStateOptions { Target = EtcdTarget.V35 }).DbEdits;
        var v34 = RestoredMemberState.Create(cluster, new MemberStateOptions { Target = EtcdTarget.V34 }).DbEdits;
        var v36 = RestoredMemberState.Create(cluster, new MemberStateOptions { Target = EtcdTarget.V36 }).DbEdits;

        var clears = v35.Where(e => e.Kind == DbEditKind.ClearBucket).Select(e => e.Bucket);
        Assert.Equal(["members", "members_removed"], clears);
        var puts = v35.Where(e => e.Kind == DbEditKind.Put && e.Bucket == "members").ToList();
        Assert.Equal(cluster.Members.Select(m => m.HexId), puts.Select(p => Encoding.ASCII.GetString(p.Key!)));
        Assert.Equal(cluster.Members.Select(MemberJson.Serialize), puts.Select(p => p.Value));
        Assert.Equal(3UL, BinaryPrimitives.ReadUInt64BigEndian(MetaPut(v35, "consistent_index")!));
        Assert.Equal(1UL, BinaryPrimitives.ReadUInt64BigEndian(MetaPut(v35, "term")!));
        Assert.Null(MetaPut(v34, "term"));
        Assert.Contains(v34, e => e.Kind == DbEditKind.Delete && Encoding.ASCII.GetString(e.Key!) == "storageVersion");
        Assert.Contains(v35, e => e.Kind == DbEditKind.Delete && Encoding.ASCII.GetString(e.Key!) == "storageVersion");
        Assert.DoesNotContain(v36, e => e.Kind == DbEditKind.Delete);
        Assert.True(v35.ToList().FindIndex(e => e.Kind == DbEditKind.ClearBucket) < v35.ToList().FindIndex(e => e.Kind == DbEditKind.Put));
    }

    [Fact]
    public void Create_EveryMemberOfACluster_SameEntriesAndSnapDifferentMetadata()
    {
        var states = new[] { "three-members-a", "three-members-b", "three-members-c" }
            .Select(n => RestoredMemberState.Create(BootstrapCluster.Create(RestoreFixture.Load(n).Options())))
            .ToList();

        Assert.Single(states.Select(s => Convert.ToHexString(s.SnapFileBytes)).Distinct());
        Assert.Single(states.Select(s => s.Metadata.ClusterId).Distinct());
        Assert.Equal(3, states.Select(s => s.Metadata.NodeId).Distinct().Count());
        Assert.Single(states.Select(s => string.Join(',', s.Entries.Select(e => Convert.ToHexString(e.ToByteArray())))).Distinct());
    }

    [Fact]
    public void SnapFile_DecodesFixtureAndReEncodesIdentically()
    {
        foreach (var name in RestoreFixture.SuccessCases())
        {
            var path = RestoreFixture.Load(name).SnapPath;
            var bytes = File.ReadAllBytes(path);

            var snapshot = SnapFile.Read(path);

            Assert.Equal(bytes, SnapFile.Encode(snapshot));
            Assert.StartsWith("{\"Root\":{\"Path\":\"/\"", Encoding.UTF8.GetString(snapshot.Data!), StringComparison.Ordinal);
        }
    }

    private static byte[]? MetaPut(IReadOnlyList<DbEdit> edits, string key) =>
        edits.SingleOrDefault(e => e.Kind == DbEditKind.Put && e.Bucket == "meta" && Encoding.ASCII.GetString(e.Key!) == key)?.Value;

    private static void AssertBytesEqual(byte[] expected, byte[] actual)
    {
        if (expected.AsSpan().SequenceEqual(actual))
        {
            return;
        }

        var at = expected.AsSpan().CommonPrefixLength(actual);
        Assert.Fail($"bytes differ at offset {at} (lengths {expected.Length}/{actual.Length}):\n" +
            $"expected …{Convert.ToHexStringLower(expected.AsSpan(Math.Max(0, at - 16), Math.Min(48, expected.Length - Math.Max(0, at - 16))))}\n" +
            $"actual   …{Convert.ToHexStringLower(actual.AsSpan(Math.Max(0, at - 16), Math.Min(48, actual.Length - Math.Max(0, at - 16))))}\n" +
            $"as text: {Encoding.UTF8.GetString(expected.AsSpan(Math.Max(0, at - 40), Math.Min(80, expected.Length - Math.Max(0, at - 40))))}");
    }
}
