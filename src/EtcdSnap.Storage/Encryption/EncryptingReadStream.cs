using System.Security.Cryptography;
using EtcdSnap.Storage.Streams;
using L = EtcdSnap.Storage.Encryption.EncryptedStreamLayout;

namespace EtcdSnap.Storage.Encryption;

/// <summary>
/// Reads plaintext from a source and yields it encrypted (format in <see cref="EncryptedStreamLayout"/>):
/// the header, then chunks sealed one at a time. Memory: one plaintext and one ciphertext chunk.
/// </summary>
internal sealed class EncryptingReadStream : ReadOnlyPipelineStream
{
    private readonly Stream _source;
    private readonly bool _leaveOpen;
    private readonly EncryptedStreamHeader _header;
    private readonly AesGcm _aes;
    private readonly byte[] _plain;
    private readonly byte[] _output;
    private int _outputStart;
    private int _outputEnd;
    private uint _index;
    private bool _sealedLast;

    public EncryptingReadStream(Stream source, EncryptionKey key, int chunkSize = L.DefaultChunkSize, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(key);
        _source = source;
        _leaveOpen = leaveOpen;
        _header = EncryptedStreamHeader.Create(key, chunkSize, out var streamKey);
        _aes = new AesGcm(streamKey, L.TagSize);
        CryptographicOperations.ZeroMemory(streamKey);
        _plain = new byte[chunkSize];
        _output = new byte[Math.Max(chunkSize + L.TagSize, _header.Bytes.Length)];
        _header.Bytes.CopyTo(_output, 0);
        _outputEnd = _header.Bytes.Length;
    }

    /// <summary>Plaintext bytes consumed from the source so far.</summary>
    public long PlaintextLength { get; private set; }

    protected override async ValueTask<int> ReadCoreAsync(Memory<byte> buffer, bool async, CancellationToken cancellationToken)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (_outputStart == _outputEnd)
        {
            if (_sealedLast)
            {
                return 0;
            }

            await SealNextChunkAsync(async, cancellationToken).ConfigureAwait(false);
        }

        var n = Math.Min(buffer.Length, _outputEnd - _outputStart);
        _output.AsMemory(_outputStart, n).CopyTo(buffer);
        _outputStart += n;
        return n;
    }

    private async ValueTask SealNextChunkAsync(bool async, CancellationToken cancellationToken)
    {
        var n = await FillAsync(_source, _plain, async, cancellationToken).ConfigureAwait(false);
        // A chunk shorter than the chunk size is the last one; a source that ends on a chunk boundary gets an
        // empty last chunk, so a reader can always tell a complete stream from one cut at a boundary.
        var last = n < _plain.Length;
        if (!last && _index == uint.MaxValue)
        {
            throw new IOException($"cannot encrypt more than {uint.MaxValue} chunks of {_plain.Length} bytes in one stream");
        }

        Span<byte> nonce = stackalloc byte[L.NonceSize];
        _header.Nonce(_index, last, nonce);
        _aes.Encrypt(nonce, _plain.AsSpan(0, n), _output.AsSpan(0, n), _output.AsSpan(n, L.TagSize), _header.Bytes);
        PlaintextLength += n;
        _index++;
        _sealedLast = last;
        _outputStart = 0;
        _outputEnd = n + L.TagSize;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _aes.Dispose();
            CryptographicOperations.ZeroMemory(_plain);
            if (!_leaveOpen)
            {
                _source.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
