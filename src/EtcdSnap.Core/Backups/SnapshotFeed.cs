using System.Threading.Channels;

namespace EtcdSnap.Core.Backups;

/// <summary>
/// The snapshot as a read-only stream while it is still being saved: the saver hands each piece it wrote to
/// <see cref="OnWritten"/> and the reader (compression, encryption, upload) takes them from memory, so the repository
/// is filled at the pace of the download instead of after it. When the reader falls behind by more than the queue
/// limit (a slow upload), the feed stops queueing and, once the save is complete, reads the rest from the saved file:
/// a slow repository never holds etcd's snapshot stream open, and memory stays bounded either way.
/// </summary>
/// <remarks>
/// The stream ends only after <see cref="Complete"/>, i.e. after the saver checked etcd's sha256; when the save fails
/// (<see cref="Fail"/>), a read throws the saver's exception, so nothing unverified is ever stored as complete.
/// </remarks>
internal sealed class SnapshotFeed : Stream
{
    private readonly Channel<ReadOnlyMemory<byte>> _queue =
        Channel.CreateUnbounded<ReadOnlyMemory<byte>>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

    private readonly TaskCompletionSource<string> _saved = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long _queueLimit;
    private long _queued;
    private volatile bool _overflowed;
    private ReadOnlyMemory<byte> _current;
    private FileStream? _rest;
    private long _delivered;

    /// <summary>A feed that queues at most <paramref name="queueLimit"/> bytes before falling back to the file.</summary>
    public SnapshotFeed(long queueLimit)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(queueLimit);
        _queueLimit = queueLimit;
    }

    /// <summary>True once the reader fell behind and the rest comes from the saved file.</summary>
    public bool Overflowed => _overflowed;

    /// <summary>Bytes handed to the reader so far.</summary>
    public long Delivered => _delivered;

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position { get => _delivered; set => throw new NotSupportedException(); }

    /// <summary>The saver's tap: queues <paramref name="data"/> (never copied, never blocks).</summary>
    public void OnWritten(ReadOnlyMemory<byte> data)
    {
        if (_overflowed)
        {
            return;
        }

        if (Interlocked.Add(ref _queued, data.Length) > _queueLimit)
        {
            // From here on the queue holds a prefix of the file; the reader continues from the file at that offset.
            _overflowed = true;
            _queue.Writer.TryComplete();
            return;
        }

        _queue.Writer.TryWrite(data);
    }

    /// <summary>The save succeeded and <paramref name="path"/> holds the whole snapshot: the stream may end.</summary>
    public void Complete(string path)
    {
        _queue.Writer.TryComplete();
        _saved.TrySetResult(path);
    }

    /// <summary>The save failed: the reader gets <paramref name="error"/> instead of an end.</summary>
    public void Fail(Exception error)
    {
        _queue.Writer.TryComplete();
        _saved.TrySetException(error);
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
            if (!_current.IsEmpty)
            {
                var n = Math.Min(buffer.Length, _current.Length);
                _current[..n].CopyTo(buffer);
                _current = _current[n..];
                _delivered += n;
                return n;
            }

            if (_rest is not null)
            {
                var n = await _rest.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                _delivered += n;
                return n;
            }

            if (_queue.Reader.TryRead(out var next))
            {
                Interlocked.Add(ref _queued, -next.Length);
                _current = next;
                continue;
            }

            if (await _queue.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            // The queue is closed and empty: the save ended (or the reader fell behind). Its outcome decides what follows.
            var path = await _saved.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
            if (!_overflowed)
            {
                var length = new FileInfo(path).Length;
                return length == _delivered
                    ? 0
                    : throw new InvalidOperationException($"snapshot feed delivered {_delivered} bytes of {length}");
            }

            _rest = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.Read,
                BufferSize = 0,
                Options = FileOptions.SequentialScan | FileOptions.Asynchronous,
            });
            _rest.Seek(_delivered, SeekOrigin.Begin);
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
            _queue.Writer.TryComplete();
        }

        base.Dispose(disposing);
    }
}
