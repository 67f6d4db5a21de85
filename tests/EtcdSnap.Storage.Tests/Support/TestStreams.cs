using System.Security.Cryptography;

namespace EtcdSnap.Storage.Tests.Support;

/// <summary>A non-seekable stream of <c>length</c> deterministic bytes, generated on the fly (never held whole).</summary>
internal sealed class GeneratedStream(long length, int seed = 1, int compressibility = 0) : Stream
{
    private long _position;
    private uint _state = (uint)seed * 2654435761u + 1;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    /// <summary>Bytes handed out so far.</summary>
    public long Produced => _position;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, length - _position);
        for (var i = 0; i < n; i++)
        {
            // xorshift32; with compressibility k > 0, runs of k equal bytes make the data compressible.
            if (compressibility == 0 || (_position + i) % compressibility == 0)
            {
                _state ^= _state << 13;
                _state ^= _state >> 17;
                _state ^= _state << 5;
            }

            buffer[i] = (byte)_state;
        }

        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public static byte[] Bytes(int length, int seed = 1, int compressibility = 0)
    {
        var data = new byte[length];
        new GeneratedStream(length, seed, compressibility).ReadExactly(data);
        return data;
    }

    public static string Sha256Hex(long length, int seed = 1, int compressibility = 0)
    {
        using var stream = new GeneratedStream(length, seed, compressibility);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

/// <summary>Wraps a stream and runs <c>onThreshold</c> (throw, or cancel a token) once <c>threshold</c> bytes were read.</summary>
internal sealed class TripwireStream(Stream inner, long threshold, Action onThreshold) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_read >= threshold)
        {
            onThreshold();
        }

        var limit = _read < threshold ? (int)Math.Min(buffer.Length, threshold - _read) : buffer.Length;
        var n = inner.Read(buffer[..limit]);
        _read += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(Read(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

internal static class StreamHashing
{
    public static async Task<(string Sha256, long Length)> HashAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        long total = 0;
        int n;
        while ((n = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, n);
            total += n;
        }

        return (Convert.ToHexStringLower(hash.GetHashAndReset()), total);
    }
}
