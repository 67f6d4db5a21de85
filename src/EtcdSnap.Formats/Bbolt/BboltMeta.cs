using System.Buffers.Binary;
using EtcdSnap.Formats.Hashing;

namespace EtcdSnap.Formats.Bbolt;

/// <summary>One of the two meta pages of a bbolt file (bbolt <c>db.go</c>, type <c>meta</c>).</summary>
/// <param name="PageId">0 or 1: the page this meta was read from.</param>
/// <param name="Magic">Must be 0xED0CDAED.</param>
/// <param name="Version">Must be 2.</param>
/// <param name="PageSize">Page size of the whole file, in bytes.</param>
/// <param name="Flags">Unused by bbolt (0).</param>
/// <param name="RootPageId">Root page of the root bucket (whose entries are the top-level buckets).</param>
/// <param name="RootSequence">Sequence counter of the root bucket.</param>
/// <param name="FreelistPageId">Freelist page, or <see cref="ulong.MaxValue"/> when the freelist is not persisted.</param>
/// <param name="HighWaterMark">Number of pages in use ("pgid" upstream): every valid page id is below it.</param>
/// <param name="TxId">Transaction id; the valid meta with the higher one is current.</param>
/// <param name="Checksum">Stored FNV-1a 64 of the first 56 meta bytes.</param>
public sealed record BboltMeta(int PageId, uint Magic, uint Version, uint PageSize, uint Flags, ulong RootPageId, ulong RootSequence,
    ulong FreelistPageId, ulong HighWaterMark, ulong TxId, ulong Checksum)
{
    /// <summary>Bytes of a page header plus the meta section.</summary>
    internal const int PageBytes = MetaLayout.PageOffset + MetaLayout.Size;

    /// <summary>True when a freelist page is stored (etcd on Linux writes none: <c>NoFreelistSync</c>).</summary>
    public bool HasFreelist => FreelistPageId != MetaLayout.NoFreelist;

    /// <summary>Bytes covered by the pages in use: <c>HighWaterMark * PageSize</c> (what <c>snapshot status</c> reports as size).</summary>
    public long DataLength => (long)HighWaterMark * PageSize;

    /// <summary>Decodes the meta of a page; <paramref name="page"/> must hold at least 80 bytes.</summary>
    internal static BboltMeta Read(ReadOnlySpan<byte> page, int pageId)
    {
        var m = page.Slice(MetaLayout.PageOffset, MetaLayout.Size);
        return new BboltMeta(pageId,
            BinaryPrimitives.ReadUInt32LittleEndian(m[MetaLayout.Magic..]),
            BinaryPrimitives.ReadUInt32LittleEndian(m[MetaLayout.Version..]),
            BinaryPrimitives.ReadUInt32LittleEndian(m[MetaLayout.PageSize..]),
            BinaryPrimitives.ReadUInt32LittleEndian(m[MetaLayout.Flags..]),
            BinaryPrimitives.ReadUInt64LittleEndian(m[MetaLayout.RootBucket..]),
            BinaryPrimitives.ReadUInt64LittleEndian(m[(MetaLayout.RootBucket + 8)..]),
            BinaryPrimitives.ReadUInt64LittleEndian(m[MetaLayout.Freelist..]),
            BinaryPrimitives.ReadUInt64LittleEndian(m[MetaLayout.HighWaterMark..]),
            BinaryPrimitives.ReadUInt64LittleEndian(m[MetaLayout.TxId..]),
            BinaryPrimitives.ReadUInt64LittleEndian(m[MetaLayout.Checksum..]));
    }

    /// <summary>
    /// bbolt's <c>meta.validate</c>: magic, then version, then checksum. Returns null when valid, else the problem.
    /// </summary>
    /// <remarks>
    /// bbolt 1.3.6 (etcd 3.4.23) also accepted a stored checksum of 0; 1.3.7+ and 1.4 require a match, and so do we.
    /// </remarks>
    internal static string? Validate(ReadOnlySpan<byte> page)
    {
        var m = page.Slice(MetaLayout.PageOffset, MetaLayout.Size);
        var magic = BinaryPrimitives.ReadUInt32LittleEndian(m[MetaLayout.Magic..]);
        if (magic != MetaLayout.MagicValue)
        {
            return magic == BinaryPrimitives.ReverseEndianness(MetaLayout.MagicValue)
                ? "byte-swapped magic: the file was written on a big-endian host"
                : $"not a bbolt file (magic 0x{magic:x8}, want 0x{MetaLayout.MagicValue:x8})";
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(m[MetaLayout.Version..]);
        if (version != MetaLayout.VersionValue)
        {
            return $"version {version}, want {MetaLayout.VersionValue}";
        }

        var stored = BinaryPrimitives.ReadUInt64LittleEndian(m[MetaLayout.Checksum..]);
        var computed = ComputeChecksum(page);
        return stored == computed ? null : $"meta checksum mismatch (stored 0x{stored:x16}, computed 0x{computed:x16})";
    }

    /// <summary>FNV-1a 64 over the meta bytes before the checksum field.</summary>
    internal static ulong ComputeChecksum(ReadOnlySpan<byte> page) =>
        Fnv1a64.Compute(page.Slice(MetaLayout.PageOffset, MetaLayout.Checksum));

    /// <summary>Encodes a meta page (header, meta, checksum) into the first 80 bytes of <paramref name="page"/>.</summary>
    internal void Write(Span<byte> page)
    {
        new PageHeader((ulong)PageId, PageFlags.Meta, 0, 0).Write(page);
        var m = page.Slice(MetaLayout.PageOffset, MetaLayout.Size);
        BinaryPrimitives.WriteUInt32LittleEndian(m[MetaLayout.Magic..], Magic);
        BinaryPrimitives.WriteUInt32LittleEndian(m[MetaLayout.Version..], Version);
        BinaryPrimitives.WriteUInt32LittleEndian(m[MetaLayout.PageSize..], PageSize);
        BinaryPrimitives.WriteUInt32LittleEndian(m[MetaLayout.Flags..], Flags);
        BinaryPrimitives.WriteUInt64LittleEndian(m[MetaLayout.RootBucket..], RootPageId);
        BinaryPrimitives.WriteUInt64LittleEndian(m[(MetaLayout.RootBucket + 8)..], RootSequence);
        BinaryPrimitives.WriteUInt64LittleEndian(m[MetaLayout.Freelist..], FreelistPageId);
        BinaryPrimitives.WriteUInt64LittleEndian(m[MetaLayout.HighWaterMark..], HighWaterMark);
        BinaryPrimitives.WriteUInt64LittleEndian(m[MetaLayout.TxId..], TxId);
        BinaryPrimitives.WriteUInt64LittleEndian(m[MetaLayout.Checksum..], ComputeChecksum(page));
    }
}
