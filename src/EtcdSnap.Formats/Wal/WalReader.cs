using EtcdSnap.Formats.Raft;

namespace EtcdSnap.Formats.Wal;

/// <summary>
/// Reads every segment of a WAL directory in order, verifying the CRC chain across records and segments.
/// </summary>
/// <remarks>
/// etcd <c>wal/wal.go</c> (ReadAll, ValidSnapshotEntries), <c>wal/decoder.go</c>, <c>wal/util.go</c>. Unlike a
/// restarting etcd, which starts at the segment holding its newest snapshot, this reads from the first segment
/// present, so the whole chain is checked.
/// </remarks>
public static class WalReader
{
    private const int ReadBufferSize = 64 * 1024;

    /// <summary>Lists the segments of <paramref name="walDir"/> in sequence order and the files that are not segments.</summary>
    /// <exception cref="CorruptDataException">There are no segments, or their sequence numbers are not consecutive.</exception>
    public static (IReadOnlyList<(WalSegmentName Name, string Path)> Segments, IReadOnlyList<string> Ignored) ListSegments(string walDir)
    {
        var segments = new List<(WalSegmentName, string)>();
        var ignored = new List<string>();
        foreach (var path in Directory.EnumerateFileSystemEntries(walDir).Order(StringComparer.Ordinal))
        {
            var name = Path.GetFileName(path);
            if (WalSegmentName.TryParse(name, out var parsed) && File.Exists(path))
            {
                segments.Add((parsed, path));
            }
            else
            {
                ignored.Add(name);
            }
        }

        if (segments.Count == 0)
        {
            throw new CorruptDataException(walDir, null, "no WAL segments (*.wal) in the directory");
        }

        for (var i = 1; i < segments.Count; i++)
        {
            if (segments[i].Item1.Sequence != segments[i - 1].Item1.Sequence + 1)
            {
                throw new CorruptDataException(segments[i].Item2, null,
                    $"segment sequence {segments[i].Item1.Sequence:x} does not follow {segments[i - 1].Item1.Sequence:x}: a segment is missing");
            }
        }

        return (segments, ignored);
    }

    /// <summary>Reads and checks the whole WAL in <paramref name="walDir"/>.</summary>
    /// <exception cref="CorruptDataException">A record is corrupt (bad CRC, frame or encoding, conflicting metadata,
    /// a gap in the entries, an unknown record type) anywhere but in a torn tail.</exception>
    /// <exception cref="IOException">The directory or a segment cannot be read.</exception>
    public static WalContents ReadAll(string walDir, WalReadOptions? options = null)
    {
        var (segments, ignored) = ListSegments(walDir);
        return ReadAll(segments.Select(s => (s.Name, s.Path, (Func<Stream>)(() =>
            new FileStream(s.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, ReadBufferSize)))).ToList(),
            ignored, options);
    }

    /// <summary>Reads segments given as streams (for tests and in-memory checks); see <see cref="ReadAll(string, WalReadOptions?)"/>.</summary>
    internal static WalContents ReadAll(IReadOnlyList<(WalSegmentName Name, string Path, Func<Stream> Open)> segments,
        IReadOnlyList<string> ignored, WalReadOptions? options = null)
    {
        options ??= new WalReadOptions();
        var infos = new List<WalSegmentInfo>();
        var log = new RaftLogBuilder();
        var snapshots = new List<WalSnapshot>();
        var records = new List<WalRecordInfo>();
        byte[]? metadata = null;
        var state = new HardState();
        uint crc = 0;
        WalTornTail? torn = null;

        for (var i = 0; i < segments.Count; i++)
        {
            var (name, path, open) = segments[i];
            using var stream = open();
            var decoder = new WalSegmentDecoder(stream, path, stream.Length, crc, isLast: i == segments.Count - 1,
                options.MaxRecordBytes);
            while (decoder.TryRead(out var record, out var offset, out var at))
            {
                if (options.KeepRecords)
                {
                    records.Add(new WalRecordInfo(name, path, offset, record));
                }

                switch (record.Type)
                {
                    case WalRecordType.Entry:
                        log.Add(Entry.Parse(record.Data, path, at), path, offset);
                        break;
                    case WalRecordType.State:
                        state = HardState.Parse(record.Data, path, at);
                        break;
                    case WalRecordType.Metadata:
                        if (metadata is not null && !metadata.AsSpan().SequenceEqual(record.Data))
                        {
                            throw new CorruptDataException(path, offset, "metadata record differs from the first one (another member's WAL?)");
                        }

                        metadata ??= record.Data ?? [];
                        break;
                    case WalRecordType.Snapshot:
                        snapshots.Add(WalSnapshot.Parse(record.Data, path, at));
                        break;
                    case WalRecordType.Crc:
                        break;
                    default:
                        throw new CorruptDataException(path, offset, $"unexpected record type {(long)record.Type}");
                }
            }

            crc = decoder.Crc;
            torn = decoder.TornTail;
            infos.Add(new WalSegmentInfo(name, path, stream.Length, decoder.Offset));
        }

        return new WalContents
        {
            Segments = infos,
            IgnoredFiles = ignored,
            MetadataBytes = metadata,
            Metadata = metadata is null ? null : MemberMetadata.Parse(metadata, segments[0].Path),
            HardState = state,
            Entries = log.Entries,
            Snapshots = snapshots,
            LastCrc = crc,
            TornTail = torn,
            Records = records,
        };
    }
}
