using Microsoft.Win32.SafeHandles;

namespace EtcdSnap.Core.Backups;

/// <summary>
/// The snapshot as a read-only stream while it is still being saved: it follows the saver's file (<c>FILE.part</c>,
/// then <c>FILE</c>) up to the length the saver reports through <see cref="OnWritten"/>, so the repository fills at
/// the pace of the download instead of after it. The reader never holds the saver back: a slow repository just reads
/// further behind (from the page cache, or from disk), and etcd's snapshot stream ends as soon as the file is complete.
/// No snapshot bytes are kept in memory here.
/// </summary>
/// <remarks>
/// One writer (the downloading thread) and one reader. The stream ends only after <see cref="Complete"/>, i.e. after
/// the saver checked etcd's sha256; when the save fails (<see cref="Fail"/>), a read throws the saver's exception, so
/// nothing unverified is ever stored as complete.
/// </remarks>
internal sealed class SnapshotFeed(string path) : Stream
{
    private const string PartSuffix = ".part"; // SnapshotDownloader writes FILE.part and renames it to FILE at the end

    private readonly SemaphoreSlim _signal = new(0);
    private readonly TaskCompletionSource<string> _saved = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _written;
    private long _wakeAt;
    private int _readerWaiting;
    private SafeFileHandle? _file;

    /// <summary>Bytes handed to the reader so far.</summary>
    public long Delivered { get; private set; }

    /// <summary>Bytes the reader had taken when the save completed: how much of the upload ran alongside the download.</summary>
    public long DeliveredWhileSaving { get; private set; }

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position { get => Delivered; set => throw new NotSupportedException(); }

    /// <summary>The saver's tap: the file now holds <paramref name="length"/> bytes. Never blocks.</summary>
    public void OnWritten(long length)
    {
        Volatile.Write(ref _written, length);

        // Wake a waiting reader once a read's worth has arrived, not for every message: a few thousand wake-ups per
        // gigabyte instead of tens of thousands (the final Complete wakes it for the rest).
        if (length >= Volatile.Read(ref _wakeAt))
        {
            Wake();
        }
    }

    /// <summary>The save succeeded and <paramref name="file"/> holds the whole snapshot: the stream may end.</summary>
    public void Complete(string file)
    {
        DeliveredWhileSaving = Delivered;
        _saved.TrySetResult(file);
        Wake();
    }

    /// <summary>The save failed: the reader gets <paramref name="error"/> instead of an end.</summary>
    public void Fail(Exception error)
    {
        _saved.TrySetException(error);
        Wake();
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            var available = Volatile.Read(ref _written) - Delivered;
            if (available > 0)
            {
                _file ??= await OpenAsync(cancellationToken).ConfigureAwait(false);

                // A synchronous pread: the bytes were just written and are in the page cache, and an asynchronous file
                // read would only add a hop through the thread pool per block.
                var n = RandomAccess.Read(_file, buffer.Span[..(int)Math.Min(available, buffer.Length)], Delivered);
                if (n == 0)
                {
                    throw new IOException($"{path}: the file ended at {Delivered} bytes, before the {Volatile.Read(ref _written)} written");
                }

                Delivered += n;
                return n;
            }

            if (_saved.Task.IsCompleted)
            {
                var file = await _saved.Task.ConfigureAwait(false); // the save's failure, if it failed
                if (Volatile.Read(ref _written) > Delivered)
                {
                    continue;
                }

                var length = new FileInfo(file).Length;
                return length == Delivered ? 0 : throw new IOException($"{file}: {length} bytes, but {Delivered} were reported written");
            }

            // Announce the wait (a full fence), then look once more, so a write in between is not slept through.
            Volatile.Write(ref _wakeAt, Delivered + buffer.Length);
            Interlocked.Exchange(ref _readerWaiting, 1);
            if (Volatile.Read(ref _written) > Delivered || _saved.Task.IsCompleted)
            {
                continue;
            }

            await _signal.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file?.Dispose();
            _signal.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Opens the part file, or the finished file when the saver renamed it already.</summary>
    private async Task<SafeFileHandle> OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return Open(path + PartSuffix);
        }
        catch (FileNotFoundException)
        {
            // Renamed since (the save is done), or removed (the save failed: report that failure).
            var file = await _saved.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            return Open(file);
        }

        static SafeFileHandle Open(string file) =>
            File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, FileOptions.SequentialScan);
    }

    private void Wake()
    {
        if (Interlocked.Exchange(ref _readerWaiting, 0) == 1)
        {
            _signal.Release();
        }
    }
}
