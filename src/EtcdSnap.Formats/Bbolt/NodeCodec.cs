using System.Buffers.Binary;

namespace EtcdSnap.Formats.Bbolt;

/// <summary>A leaf entry held in memory while a node is rewritten.</summary>
internal readonly record struct LeafItem(byte[] Key, byte[] Value, uint Flags);

/// <summary>A branch entry: the first key of a child subtree and the child's page id.</summary>
internal readonly record struct BranchItem(byte[] Key, ulong PageId);

/// <summary>Decodes nodes into owned items (bounds-checked) and encodes items into page bytes as bbolt lays them out.</summary>
internal static class NodeCodec
{
    public static List<LeafItem> ReadLeaf(string path, long offset, ReadOnlySpan<byte> node)
    {
        CheckElements(path, offset, node, 0);
        var count = PageHeader.Read(node).Count;
        CheckElements(path, offset, node, count);
        var items = new List<LeafItem>(count);
        for (var i = 0; i < count; i++)
        {
            var e = node.Slice(PageLayout.HeaderSize + (i * LeafElementLayout.Size), LeafElementLayout.Size);
            var pos = BinaryPrimitives.ReadUInt32LittleEndian(e[LeafElementLayout.Pos..]);
            var keySize = BinaryPrimitives.ReadUInt32LittleEndian(e[LeafElementLayout.KeySize..]);
            var valueSize = BinaryPrimitives.ReadUInt32LittleEndian(e[LeafElementLayout.ValueSize..]);
            var start = PageLayout.HeaderSize + ((long)i * LeafElementLayout.Size) + pos;
            if (start + keySize + valueSize > node.Length)
            {
                throw new CorruptDataException(path, offset, $"leaf element {i} runs past its node");
            }

            items.Add(new LeafItem(node.Slice((int)start, (int)keySize).ToArray(),
                node.Slice((int)(start + keySize), (int)valueSize).ToArray(),
                BinaryPrimitives.ReadUInt32LittleEndian(e[LeafElementLayout.Flags..])));
        }

        return items;
    }

    public static List<BranchItem> ReadBranch(string path, long offset, ReadOnlySpan<byte> node)
    {
        CheckElements(path, offset, node, 0);
        var count = PageHeader.Read(node).Count;
        CheckElements(path, offset, node, count);
        var items = new List<BranchItem>(count);
        for (var i = 0; i < count; i++)
        {
            var e = node.Slice(PageLayout.HeaderSize + (i * BranchElementLayout.Size), BranchElementLayout.Size);
            var pos = BinaryPrimitives.ReadUInt32LittleEndian(e[BranchElementLayout.Pos..]);
            var keySize = BinaryPrimitives.ReadUInt32LittleEndian(e[BranchElementLayout.KeySize..]);
            var start = PageLayout.HeaderSize + ((long)i * BranchElementLayout.Size) + pos;
            if (start + keySize > node.Length)
            {
                throw new CorruptDataException(path, offset, $"branch element {i} runs past its node");
            }

            items.Add(new BranchItem(node.Slice((int)start, (int)keySize).ToArray(),
                BinaryPrimitives.ReadUInt64LittleEndian(e[BranchElementLayout.PageId..])));
        }

        return items;
    }

    /// <summary>Bytes a leaf node with these items needs (header, elements, keys and values).</summary>
    public static long LeafSize(IReadOnlyList<LeafItem> items, int start, int count)
    {
        long size = PageLayout.HeaderSize;
        for (var i = start; i < start + count; i++)
        {
            size += LeafElementLayout.Size + items[i].Key.Length + items[i].Value.Length;
        }

        return size;
    }

    /// <summary>Writes a leaf node (header with <paramref name="pageId"/> and overflow, elements, then key||value data).</summary>
    public static void WriteLeaf(Span<byte> node, ulong pageId, uint overflow, IReadOnlyList<LeafItem> items, int start, int count)
    {
        new PageHeader(pageId, PageFlags.Leaf, checked((ushort)count), overflow).Write(node);
        var data = PageLayout.HeaderSize + (count * LeafElementLayout.Size);
        for (var i = 0; i < count; i++)
        {
            var item = items[start + i];
            var at = PageLayout.HeaderSize + (i * LeafElementLayout.Size);
            var e = node.Slice(at, LeafElementLayout.Size);
            BinaryPrimitives.WriteUInt32LittleEndian(e[LeafElementLayout.Flags..], item.Flags);
            BinaryPrimitives.WriteUInt32LittleEndian(e[LeafElementLayout.Pos..], (uint)(data - at));
            BinaryPrimitives.WriteUInt32LittleEndian(e[LeafElementLayout.KeySize..], (uint)item.Key.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(e[LeafElementLayout.ValueSize..], (uint)item.Value.Length);
            item.Key.CopyTo(node[data..]);
            data += item.Key.Length;
            item.Value.CopyTo(node[data..]);
            data += item.Value.Length;
        }
    }

    public static long BranchSize(IReadOnlyList<BranchItem> items, int start, int count)
    {
        long size = PageLayout.HeaderSize;
        for (var i = start; i < start + count; i++)
        {
            size += BranchElementLayout.Size + items[i].Key.Length;
        }

        return size;
    }

    public static void WriteBranch(Span<byte> node, ulong pageId, uint overflow, IReadOnlyList<BranchItem> items, int start, int count)
    {
        new PageHeader(pageId, PageFlags.Branch, checked((ushort)count), overflow).Write(node);
        var data = PageLayout.HeaderSize + (count * BranchElementLayout.Size);
        for (var i = 0; i < count; i++)
        {
            var item = items[start + i];
            var at = PageLayout.HeaderSize + (i * BranchElementLayout.Size);
            var e = node.Slice(at, BranchElementLayout.Size);
            BinaryPrimitives.WriteUInt32LittleEndian(e[BranchElementLayout.Pos..], (uint)(data - at));
            BinaryPrimitives.WriteUInt32LittleEndian(e[BranchElementLayout.KeySize..], (uint)item.Key.Length);
            BinaryPrimitives.WriteUInt64LittleEndian(e[BranchElementLayout.PageId..], item.PageId);
            item.Key.CopyTo(node[data..]);
            data += item.Key.Length;
        }
    }

    private static void CheckElements(string path, long offset, ReadOnlySpan<byte> node, int count)
    {
        if (node.Length < PageLayout.HeaderSize)
        {
            throw new CorruptDataException(path, offset, $"a node of {node.Length} bytes has no page header");
        }

        if (PageLayout.HeaderSize + ((long)count * LeafElementLayout.Size) > node.Length)
        {
            throw new CorruptDataException(path, offset, $"{count} elements do not fit in a node of {node.Length} bytes");
        }
    }
}
