using System.Security.Cryptography;
using EtcdSnap.Formats;
using EtcdSnap.Storage.Streams;
using L = EtcdSnap.Storage.Encryption.EncryptedStreamLayout;

namespace EtcdSnap.Storage.Encryption;

/// <summary>
/// Reads an encrypted stream and yields verified plaintext. A chunk's plaintext is handed out only after its
/// tag verified; a wrong key, a modified, reordered, truncated or extended stream raises
/// <see cref="CorruptDataException"/> naming the chunk and its offset. Memory: one chunk of each.
/// </summary>
internal sealed class DecryptingReadStream : ReadOnlyPipelineStream
{
    private readonly Stream _source;
    private readonly EncryptionKey _key;
    private readonly string _path;
    private readonly bool _leaveOpen;
    private EncryptedStreamHeader? _header;
    private AesGcm? _aes;
    private byte[] _cipher = [];
    private byte[] _plain = [];
    private int _plainStart;
    private int _plainEnd;
    private uint _index;
    private long _offset;
    private bool _openedLast;

    /// <param name="source">The encrypted bytes.</param>
    /// <param name="key">The key; its id need not match the stream's, its bytes must.</param>
    /// <param name="path">Names the stream in errors (a file path or an object URL).</param>
    /// <param name="leaveOpen">Leave <paramref name="source"/> open on dispose.</param>
    public DecryptingReadStream(Stream source, EncryptionKey key, string path, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(key);
        _source = source;
        _key = key;
        _path = path;
        _leaveOpen = leaveOpen;
    }

    /// <summary>The key id written in the stream's header (after the first read).</summary>
    public string? KeyId => _header?.KeyId;

    protected override async ValueTask<int> ReadCoreAsync(Memory<byte> buffer, bool async, CancellationToken cancellationToken)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        if (_header is null)
        {
            await ReadHeaderAsync(async, cancellationToken).ConfigureAwait(false);
        }

        while (_plainStart == _plainEnd)
        {
            if (_openedLast)
            {
                return 0;
            }

            await OpenNextChunkAsync(async, cancellationToken).ConfigureAwait(false);
        }

        var n = Math.Min(buffer.Length, _plainEnd - _plainStart);
        _plain.AsMemory(_plainStart, n).CopyTo(buffer);
        _plainStart += n;
        return n;
    }

    private async ValueTask ReadHeaderAsync(bool async, CancellationToken cancellationToken)
    {
        var fixedPart = new byte[L.FixedSize];
        var n = await FillAsync(_source, fixedPart, async, cancellationToken).ConfigureAwait(false);
        var idLength = EncryptedStreamHeader.ParseFixed(fixedPart.AsSpan(0, n), _path);
        var bytes = new byte[L.FixedSize + idLength];
        fixedPart.CopyTo(bytes, 0);
        n = await FillAsync(_source, bytes.AsMemory(L.FixedSize), async, cancellationToken).ConfigureAwait(false);
        if (n < idLength)
        {
            throw new CorruptDataException(_path, L.FixedSize + n, "truncated inside the encryption header");
        }

        _header = EncryptedStreamHeader.Open(bytes, _key, _path, out var streamKey);
        _aes = new AesGcm(streamKey, L.TagSize);
        CryptographicOperations.ZeroMemory(streamKey);
        _cipher = new byte[_header.ChunkSize + L.TagSize];
        _plain = new byte[_header.ChunkSize];
        _offset = bytes.Length;
    }

    private async ValueTask OpenNextChunkAsync(bool async, CancellationToken cancellationToken)
    {
        var n = await FillAsync(_source, _cipher, async, cancellationToken).ConfigureAwait(false);
        if (n < L.TagSize)
        {
            throw new CorruptDataException(_path, _offset + n,
                $"truncated: the stream ends {n} bytes into chunk {_index}, before its last chunk");
        }

        // A full-size chunk is never the last one (see EncryptingReadStream), so a short read marks the end.
        var last = n < _cipher.Length;
        if (!last && _index == uint.MaxValue)
        {
            throw new CorruptDataException(_path, _offset, "more chunks than the format allows");
        }

        var length = n - L.TagSize;
        Span<byte> nonce = stackalloc byte[L.NonceSize];
        _header!.Nonce(_index, last, nonce);
        try
        {
            _aes!.Decrypt(nonce, _cipher.AsSpan(0, length), _cipher.AsSpan(length, L.TagSize), _plain.AsSpan(0, length), _header.Bytes);
        }
        catch (CryptographicException e)
        {
            throw new CorruptDataException(_path, _offset,
                $"chunk {_index} failed authentication: the data was modified, truncated, reordered or appended to", e);
        }

        _plainStart = 0;
        _plainEnd = length;
        _offset += n;
        _index++;
        _openedLast = last;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _aes?.Dispose();
            CryptographicOperations.ZeroMemory(_plain);
            if (!_leaveOpen)
            {
                _source.Dispose();
            }
        }

        base.Dispose(disposing);
    }
}
