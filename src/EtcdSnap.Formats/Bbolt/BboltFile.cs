using EtcdSnap.Formats.IO;
using Microsoft.Win32.SafeHandles;

namespace EtcdSnap.Formats.Bbolt;

/// <summary>
/// A bbolt database file opened read-only: meta selection as bbolt does it, then positional reads of pages into
/// pooled buffers. The file is never written, locked exclusively or memory-mapped.
/// </summary>
/// <remarks>
/// Works on a raw <c>member/snap/db</c> and on a snapshot file with a SHA-256 trailer alike: only the pages below the
/// meta's high-water mark are ever read. Opening follows bbolt <c>db.go</c> @ v1.3.12 (<c>getPageSize</c>,
/// <c>mmap</c>, <c>meta()</c>). Instances are safe for concurrent reads.
/// </remarks>
public sealed partial class BboltFile : IDisposable
{
    private readonly SafeFileHandle _handle;

    private BboltFile(string path, SafeFileHandle handle, long fileLength, BboltMeta meta, BboltMeta? meta0, BboltMeta? meta1)
    {
        Path = path;
        _handle = handle;
        FileLength = fileLength;
        Meta = meta;
        Meta0 = meta0;
        Meta1 = meta1;
    }

    /// <summary>The file path, as given to <see cref="Open"/>.</summary>
    public string Path { get; }

    /// <summary>Length of the file on disk (including a snapshot trailer or preallocated space).</summary>
    public long FileLength { get; }

    /// <summary>The current meta: the valid one of pages 0 and 1 with the higher transaction id.</summary>
    public BboltMeta Meta { get; }

    /// <summary>Meta page 0 when it is valid, else null.</summary>
    public BboltMeta? Meta0 { get; }

    /// <summary>Meta page 1 when it is valid, else null.</summary>
    public BboltMeta? Meta1 { get; }

    /// <summary>Page size of this file, from its meta (4096 on x86-64; 16 KiB or 64 KiB on some arm64/ppc64le hosts).</summary>
    public int PageSize => (int)Meta.PageSize;

    /// <summary>True when the file is shorter than the pages the meta says are in use.</summary>
    public bool IsTruncated => FileLength < Meta.DataLength;

    internal SafeFileHandle Handle => _handle;

    /// <summary>Opens a bbolt file read-only and selects its current meta page.</summary>
    /// <exception cref="CorruptDataException">Neither meta page is valid, or the file is too small for its page size.</exception>
    /// <exception cref="IOException">The file cannot be opened (for example, a running etcd holds its lock).</exception>
    public static BboltFile Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var handle = PositionalFile.OpenRead(path);
        try
        {
            var length = RandomAccess.GetLength(handle);
            var pageSize = FindPageSize(handle, path, length);
            if (length < 2L * pageSize)
            {
                throw new CorruptDataException(path, null, $"file size too small: {length} bytes, page size {pageSize}");
            }

            Span<byte> page0 = stackalloc byte[BboltMeta.PageBytes];
            Span<byte> page1 = stackalloc byte[BboltMeta.PageBytes];
            PositionalFile.ReadExactly(handle, path, page0, 0);
            PositionalFile.ReadExactly(handle, path, page1, pageSize);
            var problem0 = BboltMeta.Validate(page0);
            var problem1 = BboltMeta.Validate(page1);
            var meta0 = problem0 is null ? BboltMeta.Read(page0, 0) : null;
            var meta1 = problem1 is null ? BboltMeta.Read(page1, 1) : null;
            var meta = SelectMeta(page0, page1, meta0, meta1)
                ?? throw new CorruptDataException(path, 0, $"no valid meta page: page 0: {problem0}; page 1: {problem1}");
            CheckMetaFields(path, meta);
            var file = new BboltFile(path, handle, length, meta, meta0, meta1);
            handle = null!;
            return file;
        }
        finally
        {
            handle?.Dispose();
        }
    }

    /// <summary>
    /// bbolt reads 4 KiB at offset 0 and takes the page size from meta 0 if it is valid; otherwise it probes for
    /// meta 1 at 1 KiB, 2 KiB, ... 16 MiB.
    /// </summary>
    private static int FindPageSize(SafeFileHandle handle, string path, long length)
    {
        Span<byte> buffer = stackalloc byte[BboltMeta.PageBytes];
        string? firstProblem = null;
        if (length >= MetaLayout.FirstReadSize)
        {
            PositionalFile.ReadExactly(handle, path, buffer, 0);
            firstProblem = BboltMeta.Validate(buffer);
            if (firstProblem is null)
            {
                return CheckPageSize(path, BboltMeta.Read(buffer, 0).PageSize, 0);
            }
        }

        for (var i = 0; i < MetaLayout.ProbeSteps; i++)
        {
            long position = MetaLayout.MinProbePageSize << i;
            if (position >= length - MetaLayout.MinProbePageSize)
            {
                break;
            }

            if (length - position < BboltMeta.PageBytes)
            {
                continue;
            }

            PositionalFile.ReadExactly(handle, path, buffer, position);
            if (BboltMeta.Validate(buffer) is null)
            {
                return CheckPageSize(path, BboltMeta.Read(buffer, 1).PageSize, position);
            }
        }

        throw new CorruptDataException(path, 0, length < MetaLayout.FirstReadSize
            ? $"not a bbolt file: {length} bytes is too short for a meta page"
            : $"no valid meta page: page 0: {firstProblem}; no valid meta 1 found at 1 KiB..16 MiB");
    }

    private static int CheckPageSize(string path, uint pageSize, long offset)
    {
        // A valid checksum does not make a crafted page size safe to allocate.
        if (pageSize < SnapshotAlignment || pageSize > MaxPageSize)
        {
            throw new CorruptDataException(path, offset, $"page size {pageSize} out of range [{SnapshotAlignment}, {MaxPageSize}]");
        }

        return (int)pageSize;
    }

    private const int SnapshotAlignment = 512;
    private const int MaxPageSize = 1 << 24;

    /// <summary>bbolt <c>DB.meta()</c>: the higher txid wins if valid, else the other one if valid.</summary>
    private static BboltMeta? SelectMeta(ReadOnlySpan<byte> page0, ReadOnlySpan<byte> page1, BboltMeta? meta0, BboltMeta? meta1)
    {
        // The comparison uses the raw txids, even of a meta that then fails validation (as bbolt does).
        var raw0 = BboltMeta.Read(page0, 0).TxId;
        var raw1 = BboltMeta.Read(page1, 1).TxId;
        return raw1 > raw0 ? meta1 ?? meta0 : meta0 ?? meta1;
    }

    private static void CheckMetaFields(string path, BboltMeta meta)
    {
        var offset = (long)meta.PageId * meta.PageSize;
        if (meta.HighWaterMark < 2 || meta.HighWaterMark > (ulong)(long.MaxValue / meta.PageSize))
        {
            throw new CorruptDataException(path, offset, $"meta {meta.PageId}: high-water mark {meta.HighWaterMark} is impossible");
        }

        if (meta.RootPageId < 2 || meta.RootPageId >= meta.HighWaterMark)
        {
            throw new CorruptDataException(path, offset,
                $"meta {meta.PageId}: root page {meta.RootPageId} outside [2, {meta.HighWaterMark})");
        }

        if (meta.HasFreelist && (meta.FreelistPageId < 2 || meta.FreelistPageId >= meta.HighWaterMark))
        {
            throw new CorruptDataException(path, offset,
                $"meta {meta.PageId}: freelist page {meta.FreelistPageId} outside [2, {meta.HighWaterMark})");
        }
    }

    /// <summary>Closes the file.</summary>
    public void Dispose() => _handle.Dispose();
}
