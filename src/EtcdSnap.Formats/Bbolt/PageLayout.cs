namespace EtcdSnap.Formats.Bbolt;

// The 16-byte header at the start of every page (and of the leaf page embedded in an inline bucket).
// Mirrors bbolt page.go (type page) @ v1.3.6 / internal/common/page.go (type Page) @ v1.4.3.
// bbolt writes host byte order; every platform etcd ships for is little-endian, so we read little-endian.
internal static class PageLayout
{
    public const int Id = 0;                    // 00-07 uint64 page id (= file offset / page size; 0 inside inline buckets)
    public const int Flags = Id + 8;            // 08-09 uint16 page type, see PageFlags
    public const int Count = Flags + 2;         // 10-11 uint16 number of elements (freelist: ids, or 0xFFFF)
    public const int Overflow = Count + 2;      // 12-15 uint32 number of extra contiguous pages
    public const int HeaderSize = Overflow + 4; // 16

    /// <summary>bbolt panics when a node would hold this many elements, so a page never does.</summary>
    public const int MaxCount = 0xFFFF;

    /// <summary>Freelist count value that means "the real count is the first u64 of the payload".</summary>
    public const ushort FreelistOverflowCount = 0xFFFF;
}

// A leaf element; the key is at elementStart + Pos, the value right after the key.
// Mirrors bbolt page.go (type leafPageElement).
internal static class LeafElementLayout
{
    public const int Flags = 0;                 // 00-03 uint32, BucketFlag for a sub-bucket
    public const int Pos = Flags + 4;           // 04-07 uint32 distance from this element to its key
    public const int KeySize = Pos + 4;         // 08-11 uint32
    public const int ValueSize = KeySize + 4;   // 12-15 uint32
    public const int Size = ValueSize + 4;      // 16

    /// <summary>Element flag of a sub-bucket entry (bbolt <c>bucketLeafFlag</c>).</summary>
    public const uint BucketFlag = 0x01;
}

// A branch element: the first key of a child subtree and the child's page id.
// Mirrors bbolt page.go (type branchPageElement).
internal static class BranchElementLayout
{
    public const int Pos = 0;                   // 00-03 uint32 distance from this element to its key
    public const int KeySize = Pos + 4;         // 04-07 uint32
    public const int PageId = KeySize + 4;      // 08-15 uint64 child page id
    public const int Size = PageId + 8;         // 16
}

// The value of a bucket entry: a bucket header, followed by an embedded leaf page when the bucket is inline.
// Mirrors bbolt bucket.go (type bucket) / internal/common/bucket.go (type InBucket).
internal static class BucketLayout
{
    public const int Root = 0;                  // 00-07 uint64 root page id; 0 = inline (a page follows)
    public const int Sequence = Root + 8;       // 08-15 uint64 NextSequence counter (etcd never uses it)
    public const int HeaderSize = Sequence + 8; // 16
    public const int InlinePage = HeaderSize;   // 16-.. embedded leaf page (header with id 0, elements, data)
}
