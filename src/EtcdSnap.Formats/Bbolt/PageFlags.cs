namespace EtcdSnap.Formats.Bbolt;

/// <summary>Page types from the <c>flags</c> field of a page header (bbolt <c>page.go</c>).</summary>
[Flags]
internal enum PageFlags : ushort
{
    /// <summary>No type: never valid on disk.</summary>
    None = 0,

    /// <summary>Branch page: child page ids with their first keys.</summary>
    Branch = 0x01,

    /// <summary>Leaf page: keys with values or sub-bucket headers.</summary>
    Leaf = 0x02,

    /// <summary>Meta page (pages 0 and 1).</summary>
    Meta = 0x04,

    /// <summary>Freelist page: ids of free pages.</summary>
    Freelist = 0x10,
}
