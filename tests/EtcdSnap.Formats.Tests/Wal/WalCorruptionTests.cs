using System.Buffers.Binary;
using EtcdSnap.Formats.Raft;
using EtcdSnap.Formats.Tests.Membership;
using EtcdSnap.Formats.Wal;
using EtcdSnap.Testing;

namespace EtcdSnap.Formats.Tests.Wal;

/// <summary>
/// One named mutation of a real etcdctl 3.4.23 WAL per test. Frames of the base segment (two-members-m1):
/// 0 crc, 16 metadata, 56 snapshot{0,0}, 80 entry 1, 200 entry 2, 320 hard state, 352 snapshot{2,1}, 376 end.
/// </summary>
public sealed class WalCorruptionTests
{
    private const string Seg0 = "0000000000000000-0000000000000000.wal";
    private const string Seg1 = "0000000000000001-0000000000000003.wal";

    private static byte[] Base(int zeroTail = 128) => [.. RestoreFixture.Load("two-members-m1").WalData, .. new byte[zeroTail]];

    private static WalContents Read(params (string Name, byte[] Bytes)[] segments) =>
        WalReader.ReadAll(segments.Select(s =>
        {
            Assert.True(WalSegmentName.TryParse(s.Name, out var name));
            return (name, s.Name, (Func<Stream>)(() => new MemoryStream(s.Bytes, writable: false)));
        }).ToList(), []);

    // A second segment continuing the base one as etcd's cut would: crc, metadata, state, then entry 3.
    private static byte[] NextSegment(uint? crcOverride = null, MemberMetadata? metadata = null, ulong entryIndex = 3)
    {
        var first = Read((Seg0, Base()));
        using var buffer = new MemoryStream();
        var encoder = new WalEncoder(buffer, crcOverride ?? first.LastCrc);
        encoder.WriteCrcRecord();
        encoder.Write(WalRecordType.Metadata, (metadata ?? first.Metadata!).ToByteArray());
        encoder.Write(WalRecordType.State, first.HardState.ToByteArray());
        encoder.Write(WalRecordType.Entry, new Entry { Term = 2, Index = entryIndex, Data = [1, 2, 3] }.ToByteArray());
        buffer.Write(new byte[64]);
        return buffer.ToArray();
    }

    [Fact]
    public void Base_Unmodified_ReadsCleanly()
    {
        var wal = Read((Seg0, Base()), (Seg1, NextSegment()));

        Assert.Equal([1UL, 2UL, 3UL], wal.Entries.Select(e => e.Index));
        Assert.Null(wal.TornTail);
    }

    [Fact]
    public void BrokenCrc_FlippedByteInEntry_ThrowsAtFrameOffset()
    {
        var bytes = Base();
        bytes[150] ^= 0x01; // inside entry 1's member JSON

        var e = Assert.Throws<CorruptDataException>(() => Read((Seg0, bytes)));

        Assert.Equal(80, e.Offset);
        Assert.Equal(Seg0, e.Path);
        Assert.Contains("crc mismatch: entry record holds 0x5d472ce1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BrokenCrc_InEarlierSegment_ThrowsEvenWithLaterSegments()
    {
        var bytes = Base();
        bytes[340] ^= 0x01; // inside the hard state's data (record at 328, data from 338)

        var e = Assert.Throws<CorruptDataException>(() => Read((Seg0, bytes), (Seg1, NextSegment())));

        Assert.Equal(320, e.Offset);
    }

    [Fact]
    public void TornLastRecord_FileEndsInsideIt_ReportsTornTailAndKeepsEverythingBefore()
    {
        var bytes = Base(zeroTail: 0)[..360];

        var wal = Read((Seg0, bytes));

        Assert.NotNull(wal.TornTail);
        Assert.Equal(352, wal.TornTail.Offset);
        Assert.Contains("exceeds the 0 bytes left", wal.TornTail.Reason, StringComparison.Ordinal);
        Assert.Equal(2, wal.Entries.Count);
        Assert.Equal(2UL, wal.HardState.Commit);
        Assert.Equal([new WalSnapshot()], wal.Snapshots);
        Assert.Equal(352, wal.Segments[0].DataEnd);
    }

    [Fact]
    public void TornLastRecord_DataNeverReachedDisk_ReportsTornTail()
    {
        var bytes = Base();
        bytes.AsSpan(360, 16).Clear(); // length field written, record and padding still zero

        var wal = Read((Seg0, bytes));

        Assert.Equal(352, wal.TornTail!.Offset);
        Assert.Contains("all-zero sector", wal.TornTail.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TornRecord_InNonLastSegment_IsCorruption()
    {
        var bytes = Base();
        bytes.AsSpan(360, 16).Clear();

        var e = Assert.Throws<CorruptDataException>(() => Read((Seg0, bytes), (Seg1, NextSegment())));

        Assert.Equal(360, e.Offset); // the first byte of the zeroed record
        Assert.Contains("walpb.Record: illegal field number 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ZeroLengthField_EndsTheData()
    {
        var bytes = Base();
        bytes.AsSpan(200, 8).Clear();

        var wal = Read((Seg0, bytes));

        Assert.Equal([1UL], wal.Entries.Select(e => e.Index));
        Assert.Equal(200, wal.Segments[0].DataEnd);
        Assert.Null(wal.TornTail);
        Assert.True(wal.HardState.IsEmpty);
    }

    [Fact]
    public void OversizedLength_FourGigabytes_ThrowsBeforeAllocating()
    {
        var bytes = Base();
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(80), 1UL << 32);

        var e = Assert.Throws<CorruptDataException>(() => Read((Seg0, bytes)));

        Assert.Equal(80, e.Offset);
        Assert.Contains("exceeds the limit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OversizedLength_BeyondEndOfEarlierSegment_IsCorruption()
    {
        var bytes = Base();
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(80), 4096);

        var e = Assert.Throws<CorruptDataException>(() => Read((Seg0, bytes), (Seg1, NextSegment())));

        Assert.Equal(80, e.Offset);
        Assert.Contains("exceeds the", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BadPaddingBits_ThrowsAtFrame()
    {
        var bytes = Base();
        bytes[23] = 0x83; // metadata frame says pad 3, the 31-byte record needs 1

        var e = Assert.Throws<CorruptDataException>(() => Read((Seg0, bytes)));

        Assert.Equal(16, e.Offset);
        Assert.Contains("padding bits 0x83, want 0x81", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonZeroPaddingByte_ThrowsAtFrame()
    {
        var bytes = Base();
        bytes[55] = 0xFF; // the single pad byte after the metadata record

        var e = Assert.Throws<CorruptDataException>(() => Read((Seg0, bytes)));

        Assert.Equal(16, e.Offset);
        Assert.Contains("padding bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingCrcRecordAtSegmentStart_Throws()
    {
        var bytes = Base()[16..];

        var e = Assert.Throws<CorruptDataException>(() => Read((Seg0, bytes)));

        Assert.Equal(0, e.Offset);
        Assert.Contains("segment starts with a metadata record, not a crc record", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CrcRecordNotContinuingPreviousSegment_Throws()
    {
        var e = Assert.Throws<CorruptDataException>(() => Read((Seg0, Base()), (Seg1, NextSegment(crcOverride: 0xdeadbeef))));

        Assert.Equal(Seg1, e.Path);
        Assert.Equal(0, e.Offset);
        Assert.Contains("crc record holds 0xdeadbeef, but the records before it add up to 0x12db70a2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MetadataOfAnotherMember_Throws()
    {
        var other = new MemberMetadata { NodeId = 1, ClusterId = 0x883741479271bc1f };

        var e = Assert.Throws<CorruptDataException>(() => Read((Seg0, Base()), (Seg1, NextSegment(metadata: other))));

        Assert.Equal(16, e.Offset);
        Assert.Contains("metadata record differs", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GapInEntries_Throws()
    {
        var e = Assert.Throws<CorruptDataException>(() => Read((Seg0, Base()), (Seg1, NextSegment(entryIndex: 5))));

        Assert.Contains("entry index 5 leaves a gap after index 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownRecordType_Throws()
    {
        using var buffer = new MemoryStream();
        var encoder = new WalEncoder(buffer, 0);
        encoder.WriteCrcRecord();
        encoder.Write((WalRecordType)9, [1]);

        var e = Assert.Throws<CorruptDataException>(() => Read((Seg0, buffer.ToArray())));

        Assert.Equal(16, e.Offset);
        Assert.Contains("unexpected record type 9", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingSegmentInSequence_Throws()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.Combine(Seg0), Base());
        File.WriteAllBytes(temp.Combine("0000000000000002-0000000000000003.wal"), NextSegment());

        var e = Assert.Throws<CorruptDataException>(() => WalReader.ReadAll(temp.Path));

        Assert.Contains("a segment is missing", e.Message, StringComparison.Ordinal);
    }
}
