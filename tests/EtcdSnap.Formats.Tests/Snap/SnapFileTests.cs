using EtcdSnap.Formats.Protobuf;
using EtcdSnap.Formats.Raft;
using EtcdSnap.Formats.Snap;
using EtcdSnap.Formats.Tests.Membership;
using EtcdSnap.Testing;

namespace EtcdSnap.Formats.Tests.Snap;

public sealed class SnapFileTests
{
    private static byte[] FixtureBytes => File.ReadAllBytes(RestoreFixture.Load("two-members-m1").SnapPath);

    [Fact]
    public void Decode_EtcdctlFile_ReturnsSnapshotAtTwo()
    {
        var snapshot = SnapFile.Decode(FixtureBytes, "x.snap");

        Assert.Equal(2UL, snapshot.Metadata.Index);
        Assert.Equal(1UL, snapshot.Metadata.Term);
        Assert.Equal([0x10e5a3dd4ec808c8UL, 0x3ee9581fb11cc88bUL], snapshot.Metadata.ConfState.Voters);
    }

    [Fact]
    public void Decode_Empty_ThrowsEmptySnapshot()
    {
        var e = Assert.Throws<CorruptDataException>(() => SnapFile.Decode([], "x.snap"));

        Assert.Contains("empty snapshot file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_ZeroCrc_ThrowsEmptySnapshot()
    {
        var w = new ProtoWriter();
        w.WriteUInt64(1, 0);
        w.WriteBytes(2, new RaftSnapshot { Data = "{}"u8.ToArray() }.ToByteArray());

        var e = Assert.Throws<CorruptDataException>(() => SnapFile.Decode(w.ToArray(), "x.snap"));

        Assert.Contains("ErrEmptySnapshot", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_NoData_ThrowsEmptySnapshot()
    {
        var w = new ProtoWriter();
        w.WriteUInt64(1, 1234);

        Assert.Throws<CorruptDataException>(() => SnapFile.Decode(w.ToArray(), "x.snap"));
    }

    [Fact]
    public void Decode_FlippedJsonByte_ThrowsCrcMismatchWithOffset()
    {
        var bytes = FixtureBytes;
        bytes[100] ^= 0x20;

        var e = Assert.Throws<CorruptDataException>(() => SnapFile.Decode(bytes, "x.snap"));

        Assert.Contains("crc mismatch", e.Message, StringComparison.Ordinal);
        Assert.Equal(8, e.Offset); // data starts after "08 <crc varint> 12 <len varint>"
    }

    [Fact]
    public void Write_ThenRead_RoundTripsWithPrivateMode()
    {
        using var temp = new TempDirectory();
        var snapshot = SnapFile.Decode(FixtureBytes, "x.snap");

        var path = SnapFile.Write(temp.Path, snapshot);

        Assert.Equal(FixtureBytes, File.ReadAllBytes(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(snapshot.ToByteArray(), SnapFile.Read(path).ToByteArray());
        Assert.Empty(Directory.GetFiles(temp.Path, "*.part"));
    }

    [Fact]
    public void LoadNewestAvailable_PicksNewestMatchingWalRecord()
    {
        using var temp = new TempDirectory();
        var older = new RaftSnapshot { Data = "{}"u8.ToArray(), Metadata = new SnapshotMetadata { Index = 2, Term = 1 } };
        var newer = new RaftSnapshot { Data = "{}"u8.ToArray(), Metadata = new SnapshotMetadata { Index = 9, Term = 2 } };
        SnapFile.Write(temp.Path, older);
        SnapFile.Write(temp.Path, newer);
        File.WriteAllText(Path.Combine(temp.Path, "db"), "");

        var both = SnapDirectory.LoadNewestAvailable(temp.Path, [new() { Index = 2, Term = 1 }, new() { Index = 9, Term = 2 }]);
        var onlyOld = SnapDirectory.LoadNewestAvailable(temp.Path, [new() { Index = 2, Term = 1 }]);
        var none = SnapDirectory.LoadNewestAvailable(temp.Path, [new() { Index = 3, Term = 1 }]);

        Assert.Equal(9UL, both!.Value.Snapshot.Metadata.Index);
        Assert.Equal(2UL, onlyOld!.Value.Snapshot.Metadata.Index);
        Assert.Null(none);
    }
}
