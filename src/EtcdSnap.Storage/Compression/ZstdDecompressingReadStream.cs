using EtcdSnap.Formats;
using EtcdSnap.Storage.Streams;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace EtcdSnap.Storage.Compression;

/// <summary>Reads zstd frames and yields their content; bad or truncated input raises <see cref="CorruptDataException"/>.</summary>
internal sealed class ZstdDecompressingReadStream : ReadOnlyPipelineStream
{
    // 2^23 = 8 MiB: the window of the highest level we write (19). A corrupt or hostile frame asking for more is
    // refused instead of making a restore allocate up to zstd's default limit of 128 MiB.
    private const int WindowLogMax = 23;

    private readonly DecompressionStream _zstd;
    private readonly string _path;
    private long _produced;

    public ZstdDecompressingReadStream(Stream source, string path)
    {
        ArgumentNullException.ThrowIfNull(source);
        _path = path;
        _zstd = new DecompressionStream(source, bufferSize: 0, checkEndOfStream: true, leaveOpen: false);
        _zstd.SetParameter(ZSTD_dParameter.ZSTD_d_windowLogMax, WindowLogMax);
    }

    protected override async ValueTask<int> ReadCoreAsync(Memory<byte> buffer, bool async, CancellationToken cancellationToken)
    {
        try
        {
            var n = async
                ? await _zstd.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)
                : _zstd.Read(buffer.Span);
            _produced += n;
            return n;
        }
        catch (ZstdException e)
        {
            throw new CorruptDataException(_path, null, $"zstd: {e.Message} (after {_produced} decompressed bytes)", e);
        }
        catch (EndOfStreamException e)
        {
            throw new CorruptDataException(_path, null, $"zstd: truncated frame (after {_produced} decompressed bytes)", e);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _zstd.Dispose();
        }

        base.Dispose(disposing);
    }
}
