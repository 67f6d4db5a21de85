namespace EtcdSnap.Formats.Bbolt;

// Layout of the meta section that follows the 16-byte page header on pages 0 and 1.
// Mirrors bbolt db.go (type meta) @ v1.3.6 / internal/common/meta.go (type Meta) @ v1.4.3.
internal static class MetaLayout
{
    public const int Magic = 0;                      // 00-03 uint32, 0xED0CDAED
    public const int Version = Magic + 4;            // 04-07 uint32, 2
    public const int PageSize = Version + 4;         // 08-11 uint32
    public const int Flags = PageSize + 4;           // 12-15 uint32 (unused)
    public const int RootBucket = Flags + 4;         // 16-31 { root pgid uint64, sequence uint64 }
    public const int Freelist = RootBucket + 16;     // 32-39 pgid; ulong.MaxValue = not persisted
    public const int HighWaterMark = Freelist + 8;   // 40-47 pgid ("pgid" upstream): pages in use
    public const int TxId = HighWaterMark + 8;       // 48-55
    public const int Checksum = TxId + 8;            // 56-63 FNV-1a 64 of bytes [0, Checksum)
    public const int Size = Checksum + 8;            // 64

    /// <summary>Offset of the meta section inside its page.</summary>
    public const int PageOffset = PageLayout.HeaderSize;

    public const uint MagicValue = 0xED0CDAED;
    public const uint VersionValue = 2;

    /// <summary><see cref="Freelist"/> value of a db whose freelist is not persisted (bbolt <c>pgidNoFreelist</c>).</summary>
    public const ulong NoFreelist = ulong.MaxValue;

    /// <summary>bbolt reads this many bytes at offset 0 to find the page size.</summary>
    public const int FirstReadSize = 0x1000;

    /// <summary>Smallest page size bbolt probes for meta 1 (<c>1024 &lt;&lt; i</c>, i = 0..14).</summary>
    public const int MinProbePageSize = 1024;
    public const int ProbeSteps = 15;
}
