using EtcdSnap.Formats.IO;
using EtcdSnap.Formats.Raft;

namespace EtcdSnap.Formats.Wal;

/// <summary>
/// Creates a new WAL directory the way etcd's <c>wal.Create</c> does, and appends entries, hard states and snapshot
/// records to it, cutting segments as etcd does (etcd <c>wal/wal.go</c>: Create, Save, SaveSnapshot, cut).
/// </summary>
/// <remarks>
/// Everything is written into <c>&lt;walDir&gt;.tmp</c>; <see cref="Commit"/> fsyncs the segments, renames the
/// directory to <c>walDir</c> and fsyncs its parent, so a WAL directory either appears complete or not at all.
/// Disposing without committing deletes the temporary directory. Segments are 0600, directories 0700.
/// </remarks>
public sealed class WalWriter : IDisposable
{
    /// <summary>etcd's <c>wal.SegmentSizeBytes</c>: 64,000,000 bytes (decimal).</summary>
    public const long DefaultSegmentSizeBytes = 64L * 1000 * 1000;

    private readonly string _walDir;
    private readonly string _tmpDir;
    private readonly byte[] _metadata;
    private readonly WalWriterOptions _options;
    private readonly List<string> _segments = [];
    private FileStream? _tail;
    private WalEncoder _encoder = null!;
    private WalSegmentName _tailName;
    private ulong _lastIndex;
    private HardState _state = new();
    private bool _committed;

    private WalWriter(string walDir, MemberMetadata metadata, WalWriterOptions options)
    {
        _walDir = Path.TrimEndingDirectorySeparator(Path.GetFullPath(walDir));
        _tmpDir = _walDir + ".tmp";
        _metadata = metadata.ToByteArray();
        _options = options;
    }

    /// <summary>Final paths of the segments written so far (valid after <see cref="Commit"/>).</summary>
    public IReadOnlyList<string> SegmentPaths => _segments.Select(s => Path.Combine(_walDir, s)).ToList();

    /// <summary>The running CRC after the last record.</summary>
    public uint Crc => _encoder.Crc;

    /// <summary>
    /// Starts a WAL in <paramref name="walDir"/>: the first segment <c>0000000000000000-0000000000000000.wal</c> with a
    /// crc record (0), a metadata record and an empty snapshot record, as <c>wal.Create</c> writes them.
    /// </summary>
    /// <exception cref="IOException"><paramref name="walDir"/> or <c>walDir.tmp</c> already exists.</exception>
    public static WalWriter Create(string walDir, MemberMetadata metadata, WalWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        options ??= new WalWriterOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SegmentSizeBytes, 64L);
        var writer = new WalWriter(walDir, metadata, options);
        if (Directory.Exists(writer._walDir) || File.Exists(writer._walDir))
        {
            throw new IOException($"WAL directory '{writer._walDir}' already exists");
        }

        if (Directory.Exists(writer._tmpDir) || File.Exists(writer._tmpDir))
        {
            throw new IOException($"temporary WAL directory '{writer._tmpDir}' already exists (left by an interrupted run?)");
        }

        DurableFile.CreatePrivateDirectory(writer._tmpDir);
        try
        {
            writer.OpenSegment(new WalSegmentName(0, 0), previousCrc: 0);
            writer._encoder.Write(WalRecordType.Metadata, writer._metadata);
            writer.SaveSnapshot(new WalSnapshot());
        }
        catch
        {
            writer.Dispose();
            throw;
        }

        return writer;
    }

    /// <summary>Appends <paramref name="entries"/> and then <paramref name="state"/> (skipped when empty), then cuts a
    /// new segment if the current one reached <see cref="WalWriterOptions.SegmentSizeBytes"/>.</summary>
    public void Save(HardState state, IReadOnlyList<Entry> entries)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(entries);
        EnsureWritable();
        if (state.IsEmpty && entries.Count == 0)
        {
            return;
        }

        foreach (var entry in entries)
        {
            _encoder.Write(WalRecordType.Entry, entry.ToByteArray());
            _lastIndex = entry.Index;
        }

        SaveState(state);
        if (_tail!.Position >= _options.SegmentSizeBytes)
        {
            Cut();
        }
    }

    /// <summary>Appends a snapshot record.</summary>
    /// <exception cref="InvalidOperationException"><see cref="WalWriterOptions.RequireSnapshotConfState"/> is set and the
    /// record has index &gt; 0 but no conf_state.</exception>
    public void SaveSnapshot(WalSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        EnsureWritable();
        if (_options.RequireSnapshotConfState && snapshot.ConfState is null && snapshot.Index > 0)
        {
            throw new InvalidOperationException($"snapshot record at index {snapshot.Index} is missing conf_state (required since etcd 3.5)");
        }

        _encoder.Write(WalRecordType.Snapshot, snapshot.ToByteArray());
        _lastIndex = Math.Max(_lastIndex, snapshot.Index);
    }

    /// <summary>Fsyncs the segments, renames the temporary directory to the WAL directory and fsyncs its parent.</summary>
    public void Commit()
    {
        EnsureWritable();
        CloseTail();
        Directory.Move(_tmpDir, _walDir);
        DurableFile.FsyncDirectory(Path.GetDirectoryName(_walDir)!);
        _committed = true;
    }

    /// <summary>Closes files; without <see cref="Commit"/>, also deletes everything written.</summary>
    public void Dispose()
    {
        _tail?.Dispose();
        _tail = null;
        if (!_committed && Directory.Exists(_tmpDir))
        {
            Directory.Delete(_tmpDir, recursive: true);
        }
    }

    private void SaveState(HardState state)
    {
        if (state.IsEmpty)
        {
            return;
        }

        _state = state;
        _encoder.Write(WalRecordType.State, state.ToByteArray());
    }

    // etcd wal.cut: shrink the full segment to its data, then start the next one with the running CRC, the
    // metadata and the last hard state, so every segment can be read on its own.
    private void Cut()
    {
        var crc = _encoder.Crc;
        _tail!.SetLength(_tail.Position);
        CloseTail();
        OpenSegment(new WalSegmentName(_tailName.Sequence + 1, _lastIndex + 1), crc);
        _encoder.Write(WalRecordType.Metadata, _metadata);
        SaveState(_state);
    }

    private void OpenSegment(WalSegmentName name, uint previousCrc)
    {
        var path = Path.Combine(_tmpDir, name.ToString());
        _tail = DurableFile.CreatePrivate(path, preallocationSize: _options.Preallocate ? _options.SegmentSizeBytes : 0);
        if (_options.Preallocate)
        {
            // fallocate(mode 0) in etcd: reserved and zero-extended; PreallocationSize only reserves.
            _tail.SetLength(_options.SegmentSizeBytes);
        }

        _tailName = name;
        _segments.Add(name.ToString());
        _encoder = new WalEncoder(_tail, previousCrc);
        _encoder.WriteCrcRecord();
    }

    private void CloseTail()
    {
        if (_tail is null)
        {
            return;
        }

        _tail.Flush(flushToDisk: true);
        _tail.Dispose();
        _tail = null;
    }

    private void EnsureWritable()
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        if (_tail is null)
        {
            throw new InvalidOperationException("the WAL writer is closed");
        }
    }
}
