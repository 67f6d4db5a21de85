using EtcdSnap.Storage.Streams;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace EtcdSnap.Storage.Compression;

/// <summary>
/// Reads a source and yields one zstd frame of it. Pull-mode over ZstdSharp's push-mode CompressionStream:
/// each step feeds one input block in and serves whatever compressed bytes came out.
/// Memory: the zstd context (a few MiB at fast levels), one input block and the compressed output of a block.
/// </summary>
internal sealed class ZstdCompressingReadStream : ReadOnlyPipelineStream
{
    private const int InputBlockSize = 128 * 1024; // zstd's block size; ZSTD_CStreamInSize() is the same

    private readonly Stream _source;
    private readonly bool _leaveOpen;
    private readonly byte[] _input = new byte[InputBlockSize];
    private readonly GrowableBuffer _output = new();
    private readonly CompressionStream _zstd;
    private bool _finished;

    public ZstdCompressingReadStream(Stream source, int level, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        _source = source;
        _leaveOpen = leaveOpen;
        _zstd = new CompressionStream(_output, level, bufferSize: 0, leaveOpen: true);
        // A content checksum in the frame makes a corrupt unencrypted backup fail in the decompressor with a
        // clear message, before the slower sha256 over the whole snapshot would.
        _zstd.SetParameter(ZSTD_cParameter.ZSTD_c_checksumFlag, 1);
    }

    protected override async ValueTask<int> ReadCoreAsync(Memory<byte> buffer, bool async, CancellationToken cancellationToken)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (_output.Available == 0)
        {
            if (_finished)
            {
                return 0;
            }

            _output.Reset();
            var n = await FillAsync(_source, _input, async, cancellationToken).ConfigureAwait(false);
            try
            {
                if (n > 0)
                {
                    _zstd.Write(_input, 0, n);
                }

                if (n < _input.Length)
                {
                    _zstd.Dispose(); // ends the frame (ZSTD_e_end) into _output
                    _finished = true;
                }
            }
            catch (ZstdException e)
            {
                throw new IOException($"zstd compression failed: {e.Message}", e);
            }
        }

        return _output.Take(buffer.Span);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _zstd.Dispose();
            if (!_leaveOpen)
            {
                _source.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    /// <summary>A write-only sink that collects what the compressor emits, to be read out again.</summary>
    private sealed class GrowableBuffer : Stream
    {
        private byte[] _data = new byte[InputBlockSize];
        private int _start;
        private int _end;

        public int Available => _end - _start;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void Reset() => _start = _end = 0;

        public int Take(Span<byte> destination)
        {
            var n = Math.Min(destination.Length, Available);
            _data.AsSpan(_start, n).CopyTo(destination);
            _start += n;
            return n;
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_end + buffer.Length > _data.Length)
            {
                Array.Resize(ref _data, Math.Max(_data.Length * 2, _end + buffer.Length));
            }

            buffer.CopyTo(_data.AsSpan(_end));
            _end += buffer.Length;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
