using System.Security.Cryptography;

namespace EtcdSnap.Storage.Streams;

/// <summary>Passes a source through unchanged, counting its bytes and (optionally) hashing them with SHA-256.</summary>
internal sealed class HashingReadStream : ReadOnlyPipelineStream
{
    private readonly Stream _source;
    private readonly bool _leaveOpen;
    private readonly IncrementalHash? _hash;
    private byte[]? _digest;

    public HashingReadStream(Stream source, bool hash = true, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
        _leaveOpen = leaveOpen;
        _hash = hash ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
    }

    /// <summary>Bytes read so far.</summary>
    public long Length64 { get; private set; }

    /// <summary>True once the source returned its end.</summary>
    public bool Completed { get; private set; }

    /// <summary>SHA-256 of everything read, in lower-case hex; only after the end was reached.</summary>
    public string Sha256Hex => Completed && _digest is not null
        ? Convert.ToHexStringLower(_digest)
        : throw new InvalidOperationException("the stream was not read to its end, or is not hashed");

    protected override async ValueTask<int> ReadCoreAsync(Memory<byte> buffer, bool async, CancellationToken cancellationToken)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        var n = async
            ? await _source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)
            : _source.Read(buffer.Span);
        if (n == 0)
        {
            if (!Completed)
            {
                Completed = true;
                _digest = _hash?.GetHashAndReset();
            }

            return 0;
        }

        _hash?.AppendData(buffer.Span[..n]);
        Length64 += n;
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash?.Dispose();
            if (!_leaveOpen)
            {
                _source.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
