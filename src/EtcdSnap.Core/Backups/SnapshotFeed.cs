namespace EtcdSnap.Core.Backups;

/// <summary>
/// The snapshot as a read-only stream while it is still being saved: the saver hands each piece it wrote to
/// <see cref="OnWritten"/>, which copies it into a fixed ring buffer, and the reader (compression, encryption, upload)
/// takes it from there, so the repository fills at the pace of the download instead of after it. When the reader falls
/// behind by more than the ring holds (a slow upload), the feed stops taking pieces and, once the save is complete,
/// reads the rest from the saved file: a slow repository never holds etcd's snapshot stream open, and memory stays at
/// the ring's size either way.
/// </summary>
/// <remarks>
/// One producer (the downloading thread) and one reader. The stream ends only after <see cref="Complete"/>, i.e. after
/// the saver checked etcd's sha256; when the save fails (<see cref="Fail"/>), a read throws the saver's exception, so
/// nothing unverified is ever stored as complete.
/// </remarks>
internal sealed class SnapshotFeed : Stream
{
    private readonly byte[] _ring;
    private readonly SemaphoreSlim _signal = new(0);
    private readonly TaskCompletionSource<string> _saved = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _written;   // bytes put into the ring (producer)
    private long _taken;     // bytes taken from the ring (reader)
    private int _readerWaiting;
    private volatile bool _overflowed;
    private FileStream? _rest;

    /// <summary>A feed whose ring holds <paramref name="capacity"/> bytes.</summary>
    public SnapshotFeed(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _ring = GC.AllocateUninitializedArray<byte>(capacity);
    }

    /// <summary>True once the reader fell behind and the rest comes from the saved file.</summary>
    public bool Overflowed => _overflowed;

    /// <summary>Bytes handed to the reader so far.</summary>
    public long Delivered { get; private set; }

    /// <summary>Bytes of <see cref="Delivered"/> that came from the ring, i.e. while the snapshot was arriving.</summary>
    public long DeliveredWhileSaving => _taken;

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

    /// <summary>The saver's tap: copies <paramref name="data"/> into the ring; never blocks.</summary>
    public void OnWritten(ReadOnlyMemory<byte> data)
    {
        if (_overflowed)
        {
            return;
        }

        var written = _written;
        if (data.Length > _ring.Length - (written - Volatile.Read(ref _taken)))
        {
            // From here on the ring holds a prefix of the file; the reader continues from the file at that offset.
            _overflowed = true;
            Wake();
            return;
        }

        var start = (int)(written % _ring.Length);
        var first = Math.Min(data.Length, _ring.Length - start);
        data.Span[..first].CopyTo(_ring.AsSpan(start));
        data.Span[first..].CopyTo(_ring);
        Volatile.Write(ref _written, written + data.Length);
        Wake();
    }

    /// <summary>The save succeeded and <paramref name="path"/> holds the whole snapshot: the stream may end.</summary>
    public void Complete(string path)
    {
        _saved.TrySetResult(path);
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
            if (_rest is not null)
            {
                var n = await _rest.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                Delivered += n;
                return n;
            }

            if (TakeFromRing(buffer.Span) is var taken and > 0)
            {
                return taken;
            }

            if (_overflowed || _saved.Task.IsCompleted)
            {
                // Nothing more will enter the ring; whatever entered before the flag was set has been taken above.
                if (Volatile.Read(ref _written) > _taken)
                {
                    continue;
                }

                var path = await _saved.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
                if (!_overflowed)
                {
                    var length = new FileInfo(path).Length;
                    return length == Delivered ? 0 : throw new InvalidOperationException($"snapshot feed delivered {Delivered} bytes of {length}");
                }

                _rest = new FileStream(path, new FileStreamOptions
                {
                    Mode = FileMode.Open,
                    Access = FileAccess.Read,
                    Share = FileShare.Read,
                    BufferSize = 0,
                    Options = FileOptions.SequentialScan,
                });
                _rest.Seek(Delivered, SeekOrigin.Begin);
                continue;
            }

            // Announce the wait (a full fence), then look once more, so a piece written in between is not slept through.
            Interlocked.Exchange(ref _readerWaiting, 1);
            if (Volatile.Read(ref _written) > _taken || _overflowed || _saved.Task.IsCompleted)
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
            _rest?.Dispose();
            _signal.Dispose();
        }

        base.Dispose(disposing);
    }

    private int TakeFromRing(Span<byte> destination)
    {
        var available = Volatile.Read(ref _written) - _taken;
        if (available == 0)
        {
            return 0;
        }

        var start = (int)(_taken % _ring.Length);
        var n = (int)Math.Min(Math.Min(available, _ring.Length - start), destination.Length);
        _ring.AsSpan(start, n).CopyTo(destination);
        Volatile.Write(ref _taken, _taken + n);
        Delivered += n;
        return n;
    }

    private void Wake()
    {
        if (Interlocked.Exchange(ref _readerWaiting, 0) == 1)
        {
            _signal.Release();
        }
    }
}
