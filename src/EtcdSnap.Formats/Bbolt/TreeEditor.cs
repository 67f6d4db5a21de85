using System.Buffers.Binary;

namespace EtcdSnap.Formats.Bbolt;

/// <summary>A put (Value set) or delete (Value null) of one key, with the leaf flags to store.</summary>
internal readonly record struct Change(byte[] Key, byte[]? Value, uint Flags);

/// <summary>
/// Copy-on-write edits of a source db's B+trees: only the nodes on the paths to changed keys are rewritten, as new
/// pages from <see cref="PageAllocator"/>; every other page keeps its id and bytes. The replaced pages simply become
/// unreachable, which bbolt counts as free when the freelist is not persisted (etcd-formats.md 2.6).
/// </summary>
internal sealed class TreeEditor(BboltFile source, PageAllocator allocator)
{
    // bbolt panics at 0xFFFF elements in a node.
    private const int MaxElements = PageLayout.MaxCount - 1;

    private byte[] _buffer = [];

    /// <summary>The new value of a bucket entry (header, with inline page when small) after <paramref name="edits"/>.</summary>
    public byte[] RewriteBucket(byte[]? existing, BboltEditPlan.BucketEdits edits)
    {
        var changes = edits.Changes.Select(c => new Change(c.Key, c.Value, 0)).ToList();
        if (existing is not null && existing.Length < BucketLayout.HeaderSize)
        {
            throw new CorruptDataException(source.Path, null, $"bucket header of {existing.Length} bytes");
        }

        var sequence = existing is null ? 0 : BinaryPrimitives.ReadUInt64LittleEndian(existing.AsSpan(BucketLayout.Sequence));
        var root = existing is null ? 0 : BinaryPrimitives.ReadUInt64LittleEndian(existing);
        if (existing is null || edits.Replace || root == 0)
        {
            var old = existing is null || edits.Replace
                ? []
                : NodeCodec.ReadLeaf(source.Path, 0, existing.AsSpan(BucketLayout.InlinePage));
            return BucketValue(Merge(old, changes, 0, changes.Count), sequence);
        }

        var newRoot = Apply(root, changes);
        return newRoot is { } id ? Header(id, sequence) : BucketValue([], sequence);
    }

    /// <summary>Applies sorted changes to the tree at <paramref name="rootPage"/>; null when it ends up empty.</summary>
    public ulong? Apply(ulong rootPage, IReadOnlyList<Change> changes) =>
        changes.Count == 0 ? rootPage : Reduce(Rewrite(rootPage, changes, 0, changes.Count, 0));

    /// <summary>Writes an empty leaf page (the root of an empty root bucket).</summary>
    public ulong EmptyLeaf()
    {
        var (id, overflow, node) = allocator.Allocate(PageLayout.HeaderSize);
        NodeCodec.WriteLeaf(node, id, overflow, [], 0, 0);
        return id;
    }

    private List<BranchItem> Rewrite(ulong pageId, IReadOnlyList<Change> changes, int start, int count, int depth)
    {
        var offset = source.PageOffset(pageId);
        if (depth > TreeWalker.MaxDepth)
        {
            throw new CorruptDataException(source.Path, offset, $"page {pageId}: tree deeper than {TreeWalker.MaxDepth} levels");
        }

        var length = source.ReadNode(pageId, ref _buffer);
        var node = _buffer.AsSpan(0, length);
        var header = PageHeader.Read(node);
        if (header.Flags == PageFlags.Leaf)
        {
            return WriteLeaves(Merge(NodeCodec.ReadLeaf(source.Path, offset, node), changes, start, count));
        }

        if (header.Flags != PageFlags.Branch || header.Count == 0)
        {
            throw new CorruptDataException(source.Path, offset, $"page {pageId}: {header.TypeName} page with {header.Count} elements in a bucket tree");
        }

        // Owned copies: _buffer is reused by the recursive calls below.
        var children = NodeCodec.ReadBranch(source.Path, offset, node);
        var result = new List<BranchItem>(children.Count + 1);
        var next = start;
        var end = start + count;
        for (var i = 0; i < children.Count; i++)
        {
            // Child i takes the changes below the next child's first key (child 0 also those below its own).
            var stop = next;
            while (stop < end && (i + 1 == children.Count || changes[stop].Key.AsSpan().SequenceCompareTo(children[i + 1].Key) < 0))
            {
                stop++;
            }

            if (stop == next)
            {
                result.Add(children[i]);
            }
            else
            {
                result.AddRange(Rewrite(children[i].PageId, changes, next, stop - next, depth + 1));
            }

            next = stop;
        }

        return result.Count == 0 ? result : WriteBranches(result);
    }

    private static List<LeafItem> Merge(List<LeafItem> items, IReadOnlyList<Change> changes, int start, int count)
    {
        var merged = new List<LeafItem>(items.Count + count);
        var i = 0;
        for (var c = start; c < start + count; c++)
        {
            var change = changes[c];
            while (i < items.Count && items[i].Key.AsSpan().SequenceCompareTo(change.Key) < 0)
            {
                merged.Add(items[i++]);
            }

            if (i < items.Count && items[i].Key.AsSpan().SequenceEqual(change.Key))
            {
                i++; // replaced or deleted
            }

            if (change.Value is not null)
            {
                merged.Add(new LeafItem(change.Key, change.Value, change.Flags));
            }
        }

        while (i < items.Count)
        {
            merged.Add(items[i++]);
        }

        return merged;
    }

    private byte[] BucketValue(List<LeafItem> items, ulong sequence)
    {
        // bbolt inlines a bucket whose root is one leaf without sub-buckets of at most pageSize/4 bytes (bucket.go inlineable).
        var size = NodeCodec.LeafSize(items, 0, items.Count);
        if (items.All(item => item.Flags == 0) && size <= allocator.PageSize / 4)
        {
            var value = new byte[BucketLayout.HeaderSize + size];
            BinaryPrimitives.WriteUInt64LittleEndian(value.AsSpan(BucketLayout.Sequence), sequence);
            NodeCodec.WriteLeaf(value.AsSpan(BucketLayout.InlinePage), 0, 0, items, 0, items.Count);
            return value;
        }

        return Header(Reduce(WriteLeaves(items))!.Value, sequence);
    }

    private static byte[] Header(ulong root, ulong sequence)
    {
        var header = new byte[BucketLayout.HeaderSize];
        BinaryPrimitives.WriteUInt64LittleEndian(header, root);
        BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(BucketLayout.Sequence), sequence);
        return header;
    }

    private ulong? Reduce(List<BranchItem> level)
    {
        if (level.Count == 0)
        {
            return null;
        }

        while (level.Count > 1)
        {
            level = WriteBranches(level);
        }

        return level[0].PageId;
    }

    // Packs items into as few nodes as fit a page each (a single item larger than a page gets an overflow node).
    private List<BranchItem> WriteLeaves(List<LeafItem> items)
    {
        var result = new List<BranchItem>();
        for (var i = 0; i < items.Count;)
        {
            long size = PageLayout.HeaderSize;
            var n = 0;
            while (i + n < items.Count && n < MaxElements)
            {
                var add = LeafElementLayout.Size + items[i + n].Key.Length + (long)items[i + n].Value.Length;
                if (n > 0 && size + add > allocator.PageSize)
                {
                    break;
                }

                size += add;
                n++;
            }

            var (id, overflow, node) = allocator.Allocate(size);
            NodeCodec.WriteLeaf(node, id, overflow, items, i, n);
            result.Add(new BranchItem(items[i].Key, id));
            i += n;
        }

        return result;
    }

    private List<BranchItem> WriteBranches(List<BranchItem> items)
    {
        var result = new List<BranchItem>();
        for (var i = 0; i < items.Count;)
        {
            long size = PageLayout.HeaderSize;
            var n = 0;
            while (i + n < items.Count && n < MaxElements)
            {
                var add = BranchElementLayout.Size + items[i + n].Key.Length;
                // At least two children per branch page, so every level shrinks.
                if (n > 1 && size + add > allocator.PageSize)
                {
                    break;
                }

                size += add;
                n++;
            }

            var (id, overflow, node) = allocator.Allocate(size);
            NodeCodec.WriteBranch(node, id, overflow, items, i, n);
            result.Add(new BranchItem(items[i].Key, id));
            i += n;
        }

        return result;
    }
}
