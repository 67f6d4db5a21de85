using System.Buffers;

namespace EtcdSnap.Storage.Streams;

/// <summary>
/// Base of the pull-mode transforms (hash, compress, encrypt, decrypt): a forward-only readable stream whose
/// logic is written once in <see cref="ReadCoreAsync"/> and runs synchronously or asynchronously depending on
/// the caller (the runtime's TarReadWriteAdapter idea, with a flag instead of a generic adapter).
/// </summary>
internal abstract class ReadOnlyPipelineStream : Stream
{
    private bool _disposed;

    public sealed override bool CanRead => !_disposed;

    public sealed override bool CanSeek => false;

    public sealed override bool CanWrite => false;

    public sealed override long Length => throw new NotSupportedException();

    public sealed override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Fills up to <paramref name="buffer"/>.Length bytes; 0 only at the end of the stream.</summary>
    /// <param name="buffer">Where to put the output.</param>
    /// <param name="async">Whether inner streams are read with ReadAsync (true) or Read (false).</param>
    /// <param name="cancellationToken">Forwarded to the inner reads.</param>
    protected abstract ValueTask<int> ReadCoreAsync(Memory<byte> buffer, bool async, CancellationToken cancellationToken);

    public sealed override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public sealed override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var rented = ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            var task = ReadCoreAsync(rented.AsMemory(0, buffer.Length), async: false, CancellationToken.None);
            // With async: false every inner call completes synchronously, so this never blocks on a task.
            var n = task.IsCompleted ? task.Result : task.AsTask().GetAwaiter().GetResult();
            rented.AsSpan(0, n).CopyTo(buffer);
            return n;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public sealed override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        return ReadCoreAsync(buffer, async: true, cancellationToken);
    }

    public sealed override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public sealed override void Flush()
    {
    }

    public sealed override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public sealed override void SetLength(long value) => throw new NotSupportedException();

    public sealed override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>Reads from <paramref name="source"/> until <paramref name="buffer"/> is full or the source ends.</summary>
    protected static ValueTask<int> FillAsync(Stream source, Memory<byte> buffer, bool async, CancellationToken cancellationToken) =>
        async
            ? source.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken)
            : ValueTask.FromResult(source.ReadAtLeast(buffer.Span, buffer.Length, throwOnEndOfStream: false));

    protected override void Dispose(bool disposing)
    {
        _disposed = true;
        base.Dispose(disposing);
    }
}
