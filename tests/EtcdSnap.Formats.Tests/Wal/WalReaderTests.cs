using System.Text;
using EtcdSnap.Formats.Raft;
using EtcdSnap.Formats.Tests.Membership;
using EtcdSnap.Formats.Wal;
using EtcdSnap.Testing;

namespace EtcdSnap.Formats.Tests.Wal;

public sealed class WalReaderTests
{
    [Fact]
    public void ReadAll_EtcdctlRestoreWal_ReturnsRestoredRaftState()
    {
        // Given the WAL etcdctl 3.4.23 wrote for m1 of the two-member lab cluster
        using var temp = new TempDirectory();
        var fixture = RestoreFixture.Load("two-members-m1");
        WriteSegment(temp.Path, new WalSegmentName(0, 0), fixture.WalData, tail: 4096);

        // When
        var wal = WalReader.ReadAll(temp.Path, new WalReadOptions { KeepRecords = true });

        // Then
        Assert.Equal(new MemberMetadata { NodeId = 0x3ee9581fb11cc88b, ClusterId = 0x883741479271bc1f }, wal.Metadata);
        Assert.Equal(new HardState { Term = 1, Vote = 0x10e5a3dd4ec808c8, Commit = 2 }, wal.HardState);
        Assert.Equal([1UL, 2UL], wal.Entries.Select(e => e.Index));
        Assert.All(wal.Entries, e => Assert.Equal(EntryType.ConfChange, e.Type));
        Assert.Equal([new WalSnapshot(), new WalSnapshot { Index = 2, Term = 1 }], wal.Snapshots);
        Assert.Equal([new WalSnapshot(), new WalSnapshot { Index = 2, Term = 1 }], wal.ValidSnapshots);
        Assert.Equal([0L, 16, 56, 80, 200, 320, 352], wal.Records.Select(r => r.Offset));
        Assert.Equal(376, wal.Segments.Single().DataEnd);
        Assert.Equal(0x12db70a2u, wal.LastCrc);
        Assert.Null(wal.TornTail);
    }

    [Fact]
    public void ReadAll_LiveEtcdMemberWal_FindsTheWrittenKeys()
    {
        // Given the first segment of a real etcd 3.4.23 member that served puts and a delete
        using var temp = new TempDirectory();
        WalTestData.WriteLiveMember(temp.Path);

        // When
        var wal = WalReader.ReadAll(temp.Path);

        // Then: its own bootstrap entry, then normal entries carrying our keys, committed
        var first = ConfChange.Parse(wal.Entries[0].Data);
        Assert.Contains("\"name\":\"src\"", Encoding.UTF8.GetString(first.Context!), StringComparison.Ordinal);
        Assert.Equal(wal.Metadata!.NodeId, first.NodeId);
        var payloads = wal.Entries.Where(e => e.Type == EntryType.Normal && e.Data is not null).Select(e => e.Data!).ToList();
        for (var i = 1; i <= 5; i++)
        {
            Assert.Contains(payloads, p => p.AsSpan().IndexOf(Encoding.ASCII.GetBytes($"/registry/fixture/key-{i}")) >= 0);
        }

        Assert.Contains(payloads, p => p.AsSpan().IndexOf("value-2-updated"u8) >= 0);
        Assert.Equal(wal.Entries[^1].Index, wal.Entries[0].Index + (ulong)wal.Entries.Count - 1);
        Assert.Equal(wal.Entries[^1].Index, wal.HardState.Commit);
        Assert.Null(wal.TornTail);
    }

    [Fact]
    public void WriterThenReader_ManySmallSegments_RoundTripsAndChainsCrc()
    {
        // Given a WAL cut into segments of ~1 KB
        using var temp = new TempDirectory();
        var walDir = temp.Combine("wal");
        var metadata = new MemberMetadata { NodeId = 7, ClusterId = 9 };
        var entries = Enumerable.Range(1, 60)
            .Select(i => new Entry { Term = 2, Index = (ulong)i, Data = Encoding.ASCII.GetBytes($"payload-{i}-{new string('x', i)}") })
            .ToList();
        using (var writer = WalWriter.Create(walDir, metadata, new WalWriterOptions { SegmentSizeBytes = 1024 }))
        {
            foreach (var chunk in entries.Chunk(5))
            {
                writer.Save(new HardState { Term = 2, Vote = 7, Commit = chunk[^1].Index }, chunk);
            }

            writer.SaveSnapshot(new WalSnapshot { Index = 60, Term = 2, ConfState = new ConfState { Voters = [7] } });
            writer.Commit();
        }

        // When
        var wal = WalReader.ReadAll(walDir, new WalReadOptions { KeepRecords = true });

        // Then
        Assert.True(wal.Segments.Count > 3, $"only {wal.Segments.Count} segments");
        Assert.Equal(wal.Segments.Select((s, i) => (ulong)i), wal.Segments.Select(s => s.Name.Sequence));
        // cut segments are shrunk to their data (etcd truncates at the cut), the tail stays preallocated
        Assert.All(wal.Segments.SkipLast(1), s => Assert.Equal(s.DataEnd, s.Length));
        Assert.Equal(1024, wal.Segments[^1].Length);
        Assert.Equal(entries.Select(e => e.ToByteArray()), wal.Entries.Select(e => e.ToByteArray()));
        Assert.Equal(new HardState { Term = 2, Vote = 7, Commit = 60 }, wal.HardState);
        Assert.Equal(metadata, wal.Metadata);
        // every segment after the first starts with crc, metadata, state and is named after the next entry
        foreach (var seg in wal.Segments.Skip(1))
        {
            var records = wal.Records.Where(r => r.Segment == seg.Name).Select(r => r.Record.Type).Take(3);
            Assert.Equal([WalRecordType.Crc, WalRecordType.Metadata, WalRecordType.State], records);
            if (wal.Records.FirstOrDefault(r => r.Segment == seg.Name && r.Record.Type == WalRecordType.Entry) is { } firstEntry)
            {
                Assert.Equal(seg.Name.Index, Entry.Parse(firstEntry.Record.Data).Index);
            }
        }
    }

    [Fact]
    public void ReadAll_OverwrittenEntries_KeepsTheLaterOnes()
    {
        // A new leader replaced entries 3..5 by a new 3..4 at term 3.
        using var temp = new TempDirectory();
        var walDir = temp.Combine("wal");
        using (var w = WalWriter.Create(walDir, new MemberMetadata { NodeId = 1, ClusterId = 2 }, new WalWriterOptions { Preallocate = false }))
        {
            w.Save(new HardState { Term = 2, Commit = 2 }, Enumerable.Range(1, 5).Select(i => new Entry { Term = 2, Index = (ulong)i }).ToList());
            w.Save(new HardState { Term = 3, Commit = 4 }, [new Entry { Term = 3, Index = 3 }, new Entry { Term = 3, Index = 4 }]);
            w.Commit();
        }

        var wal = WalReader.ReadAll(walDir);

        Assert.Equal([(1UL, 2UL), (2, 2), (3, 3), (4, 3)], wal.Entries.Select(e => (e.Index, e.Term)));
    }

    [Fact]
    public void ReadAll_OlderSegmentsPurged_AcceptsNonZeroCrcAtStart()
    {
        using var temp = new TempDirectory();
        var walDir = temp.Combine("wal");
        using (var w = WalWriter.Create(walDir, new MemberMetadata { NodeId = 1, ClusterId = 2 }, new WalWriterOptions { SegmentSizeBytes = 512 }))
        {
            for (var i = 1; i <= 40; i++)
            {
                w.Save(new HardState { Term = 1, Commit = (ulong)i }, [new Entry { Term = 1, Index = (ulong)i, Data = new byte[40] }]);
            }

            w.Commit();
        }

        // etcd's purge removes the oldest segments.
        var segments = Directory.GetFiles(walDir).Order(StringComparer.Ordinal).ToList();
        File.Delete(segments[0]);
        File.Delete(segments[1]);

        var wal = WalReader.ReadAll(walDir);

        Assert.Equal(40UL, wal.Entries[^1].Index);
        Assert.Equal(2UL, wal.Segments[0].Name.Sequence);
    }

    [Fact]
    public void ReadAll_IgnoresNonSegmentFiles()
    {
        using var temp = new TempDirectory();
        WriteSegment(temp.Path, new WalSegmentName(0, 0), RestoreFixture.Load("defaults").WalData, tail: 8);
        File.WriteAllBytes(Path.Combine(temp.Path, "0.tmp"), new byte[64]);

        var wal = WalReader.ReadAll(temp.Path);

        Assert.Equal(["0.tmp"], wal.IgnoredFiles);
    }

    [Fact]
    public void ReadAll_EmptyDirectory_ThrowsCorrupt()
    {
        using var temp = new TempDirectory();

        var e = Assert.Throws<CorruptDataException>(() => WalReader.ReadAll(temp.Path));

        Assert.Contains("no WAL segments", e.Message, StringComparison.Ordinal);
    }

    internal static string WriteSegment(string dir, WalSegmentName name, ReadOnlySpan<byte> data, int tail)
    {
        var path = Path.Combine(dir, name.ToString());
        using var f = new FileStream(path, FileMode.Create);
        f.Write(data);
        f.SetLength(data.Length + tail);
        return path;
    }
}
