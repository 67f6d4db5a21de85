using EtcdSnap.Formats.Raft;
using EtcdSnap.Formats.Wal;

namespace EtcdSnap.Formats.Tests.Raft;

/// <summary>Encodings from etcd-formats.md §5.6 (lab-verified against etcdctl 3.4.23) and gogo's decoding rules.</summary>
public sealed class RaftMessageTests
{
    private const ulong M1 = 4533251393063798923;
    private const ulong M2 = 1217559445178419400;
    private const ulong Cluster = 9815385688532696095;

    [Fact]
    public void MemberMetadata_LabVector_MatchesEtcdBytes()
    {
        var bytes = new MemberMetadata { NodeId = M1, ClusterId = Cluster }.ToByteArray();

        Assert.Equal("088b91f388fb83d6f43e109ff8c693f9a8d09b8801", Convert.ToHexStringLower(bytes));
        Assert.Equal(new MemberMetadata { NodeId = M1, ClusterId = Cluster }, MemberMetadata.Parse(bytes));
    }

    [Fact]
    public void HardState_LabVector_MatchesEtcdBytes()
    {
        var bytes = new HardState { Term = 1, Vote = M2, Commit = 2 }.ToByteArray();

        Assert.Equal("080110c891a0f6d4fbe8f2101802", Convert.ToHexStringLower(bytes));
    }

    [Fact]
    public void HardState_Zero_IsStillWrittenInFull()
    {
        Assert.Equal("080010001800", Convert.ToHexStringLower(new HardState().ToByteArray()));
        Assert.True(new HardState().IsEmpty);
    }

    [Fact]
    public void WalSnapshot_ThreeFourFormAndInitial_MatchEtcdBytes()
    {
        Assert.Equal("08001000", Convert.ToHexStringLower(new WalSnapshot().ToByteArray()));
        Assert.Equal("08021001", Convert.ToHexStringLower(new WalSnapshot { Index = 2, Term = 1 }.ToByteArray()));
    }

    [Fact]
    public void WalSnapshot_WithConfState_AppendsField3WithUnpackedVoters()
    {
        var snapshot = new WalSnapshot { Index = 2, Term = 1, ConfState = new ConfState { Voters = [M2, M1] } };

        var hex = Convert.ToHexStringLower(snapshot.ToByteArray());

        Assert.Equal("08021001" + "1a16" + "08c891a0f6d4fbe8f210" + "088b91f388fb83d6f43e" + "2800", hex);
        Assert.Equal(snapshot, WalSnapshot.Parse(snapshot.ToByteArray()));
    }

    [Fact]
    public void SnapshotMetadata_AppendixBVector_MatchesEtcdBytes()
    {
        var metadata = new SnapshotMetadata { ConfState = new ConfState { Voters = [M2, M1] }, Index = 2, Term = 1 };

        Assert.Equal("0a1608c891a0f6d4fbe8f210088b91f388fb83d6f43e280010021801", Convert.ToHexStringLower(metadata.ToByteArray()));
    }

    [Fact]
    public void SnapshotMetadata_EmptyConfState_IsStillWritten()
    {
        Assert.Equal("0a022800" + "1000" + "1800", Convert.ToHexStringLower(new SnapshotMetadata().ToByteArray()));
    }

    [Fact]
    public void ConfChangeEntry_LabVector_MatchesEtcdBytes()
    {
        var context = """{"id":1217559445178419400,"peerURLs":["http://127.0.0.1:31482"],"name":"m2"}"""u8.ToArray();
        var change = new ConfChange { Type = ConfChangeType.AddNode, NodeId = M2, Context = context };
        var entry = new Entry { Type = EntryType.ConfChange, Term = 1, Index = 1, Data = change.ToByteArray() };

        var changeHex = Convert.ToHexStringLower(change.ToByteArray());
        var entryHex = Convert.ToHexStringLower(entry.ToByteArray());

        Assert.StartsWith("08001000" + "18c891a0f6d4fbe8f210" + "224c", changeHex, StringComparison.Ordinal);
        Assert.StartsWith("080110011801225c", entryHex, StringComparison.Ordinal);
        Assert.Equal(0x64, entry.ToByteArray().Length);
        var back = ConfChange.Parse(Entry.Parse(entry.ToByteArray()).Data);
        Assert.Equal(M2, back.NodeId);
        Assert.Equal(context, back.Context);
    }

    [Fact]
    public void Entry_NullAndEmptyData_AreDistinct()
    {
        Assert.Equal("080010001800", Convert.ToHexStringLower(new Entry().ToByteArray()));
        Assert.Equal("0800100018002200", Convert.ToHexStringLower(new Entry { Data = [] }.ToByteArray()));
        Assert.Null(Entry.Parse(new Entry().ToByteArray()).Data);
        Assert.Empty(Entry.Parse(new Entry { Data = [] }.ToByteArray()).Data!);
    }

    [Fact]
    public void Parse_MissingAndUnknownFields_DefaultsAndSkips()
    {
        // Only field 3 (commit = 5), plus unknown field 9 (bytes) and 10 (fixed32).
        var hard = HardState.Parse(Convert.FromHexString("1805" + "4a03616263" + "5501020304"));

        Assert.Equal(new HardState { Commit = 5 }, hard);
    }

    [Fact]
    public void ConfState_PackedVoters_AreAccepted()
    {
        // field 1, wire type 2, 3 bytes: voters 1, 2, 3; then learner 4 unpacked.
        var state = ConfState.Parse(Convert.FromHexString("0a03010203" + "1004"));

        Assert.Equal([1UL, 2UL, 3UL], state.Voters);
        Assert.Equal([4UL], state.Learners);
    }

    [Fact]
    public void Parse_WrongWireTypeForKnownField_ThrowsCorrupt()
    {
        // term (field 1) as length-delimited
        Assert.Throws<CorruptDataException>(() => HardState.Parse(Convert.FromHexString("0a0101")));
    }

    [Fact]
    public void Parse_NestedTruncation_ReportsOffsetInsideSource()
    {
        // SnapshotMetadata whose ConfState claims 5 bytes but has 2.
        var e = Assert.Throws<CorruptDataException>(() => SnapshotMetadata.Parse(Convert.FromHexString("0a050801"), "x.snap", 100));

        Assert.Equal("x.snap", e.Path);
        Assert.Equal(101, e.Offset); // the length prefix after the 1-byte key at offset 100
        Assert.Contains("raftpb.SnapshotMetadata: length 5 exceeds the 2 bytes left", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RaftSnapshot_RoundTrip_KeepsDataAndMetadata()
    {
        var snapshot = new RaftSnapshot
        {
            Data = "{}"u8.ToArray(),
            Metadata = new SnapshotMetadata { ConfState = new ConfState { Voters = [7], AutoLeave = true }, Index = 9, Term = 3 },
        };

        var back = RaftSnapshot.Parse(snapshot.ToByteArray());

        Assert.Equal(snapshot.Data, back.Data);
        Assert.Equal(snapshot.Metadata, back.Metadata);
        Assert.Equal(snapshot.ToByteArray(), back.ToByteArray());
    }
}
