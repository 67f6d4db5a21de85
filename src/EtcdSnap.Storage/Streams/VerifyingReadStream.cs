using System.Security.Cryptography;
using EtcdSnap.Formats;

namespace EtcdSnap.Storage.Streams;

/// <summary>
/// Passes a source through while hashing it, and fails the read that would return the end of the stream when
/// the SHA-256 or the length differ from what was expected. A consumer therefore only sees a clean end for
/// verified data, and must treat everything it read as unverified until then.
/// </summary>
internal sealed class VerifyingReadStream : ReadOnlyPipelineStream
{
    private readonly Stream _source;
    private readonly string _path;
    private readonly byte[] _expectedSha256;
    private readonly long _expectedLength;
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _length;
    private bool _verified;

    public VerifyingReadStream(Stream source, string path, string expectedSha256Hex, long expectedLength)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
        _path = path;
        _expectedSha256 = Convert.FromHexString(expectedSha256Hex);
        _expectedLength = expectedLength;
    }

    protected override async ValueTask<int> ReadCoreAsync(Memory<byte> buffer, bool async, CancellationToken cancellationToken)
    {
        if (buffer.IsEmpty || _verified)
        {
            return 0;
        }

        var n = async
            ? await _source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)
            : _source.Read(buffer.Span);
        if (n == 0)
        {
            Verify();
            return 0;
        }

        _length += n;
        if (_length > _expectedLength)
        {
            throw new CorruptDataException(_path, _expectedLength, $"the snapshot is longer than the {_expectedLength} bytes its manifest records");
        }

        _hash.AppendData(buffer.Span[..n]);
        return n;
    }

    private void Verify()
    {
        if (_length != _expectedLength)
        {
            throw new CorruptDataException(_path, _length, $"the snapshot ends after {_length} bytes; its manifest records {_expectedLength}");
        }

        var actual = _hash.GetHashAndReset();
        if (!CryptographicOperations.FixedTimeEquals(actual, _expectedSha256))
        {
            throw new CorruptDataException(_path, null,
                $"sha256 mismatch: the snapshot hashes to {Convert.ToHexStringLower(actual)}, its manifest records {Convert.ToHexStringLower(_expectedSha256)}");
        }

        _verified = true;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
            _source.Dispose();
        }

        base.Dispose(disposing);
    }
}
