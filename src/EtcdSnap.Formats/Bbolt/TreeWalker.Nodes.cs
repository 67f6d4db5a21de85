using System.Buffers.Binary;

namespace EtcdSnap.Formats.Bbolt;

internal sealed partial class TreeWalker
{
    private void WalkBranch(ulong pageId, ReadOnlySpan<byte> node, int count, IBucketVisitor visitor, KeyBounds bounds,
        ReadOnlySpan<byte> seek)
    {
        if (!ElementsFit(pageId, node, count, "branch"))
        {
            return;
        }

        if (count == 0)
        {
            Fail(pageId, BboltFindingKind.Malformed, $"page {pageId}: branch page without elements");
            return;
        }

        // Validate every element and the key order first, and find where a seek starts: the last child whose first
        // key is <= the sought key.
        var start = 0;
        ReadOnlySpan<byte> previous = default;
        for (var i = 0; i < count; i++)
        {
            if (!TryBranchElement(pageId, node, i, out var key, out _))
            {
                return;
            }

            CheckOrder(pageId, "branch", i, key, previous, bounds);
            if (!seek.IsEmpty && key.SequenceCompareTo(seek) <= 0)
            {
                start = i;
            }

            previous = key;
        }

        for (var i = start; i < count && !_stopped; i++)
        {
            TryBranchElement(pageId, node, i, out var key, out var child);
            var hasNext = i + 1 < count;
            ReadOnlySpan<byte> next = default;
            if (hasNext)
            {
                TryBranchElement(pageId, node, i + 1, out next, out _);
            }

            var childBounds = new KeyBounds(key, true, hasNext ? next : bounds.Upper, hasNext || bounds.HasUpper);
            WalkPage(child, visitor, childBounds, i == start ? seek : default);
        }
    }

    private void WalkLeaf(ulong pageId, ReadOnlySpan<byte> node, int count, IBucketVisitor visitor, KeyBounds bounds,
        ReadOnlySpan<byte> seek)
    {
        if (!ElementsFit(pageId, node, count, "leaf"))
        {
            return;
        }

        ReadOnlySpan<byte> previous = default;
        for (var i = 0; i < count && !_stopped; i++)
        {
            var element = node.Slice(PageLayout.HeaderSize + (i * LeafElementLayout.Size), LeafElementLayout.Size);
            var flags = BinaryPrimitives.ReadUInt32LittleEndian(element[LeafElementLayout.Flags..]);
            var pos = BinaryPrimitives.ReadUInt32LittleEndian(element[LeafElementLayout.Pos..]);
            var keySize = BinaryPrimitives.ReadUInt32LittleEndian(element[LeafElementLayout.KeySize..]);
            var valueSize = BinaryPrimitives.ReadUInt32LittleEndian(element[LeafElementLayout.ValueSize..]);
            var keyStart = PageLayout.HeaderSize + ((long)i * LeafElementLayout.Size) + pos;
            if (keyStart + keySize + valueSize > node.Length)
            {
                Fail(pageId, BboltFindingKind.Malformed,
                    $"page {pageId}: leaf element {i} (pos {pos}, key {keySize} bytes, value {valueSize} bytes) runs past the node's {node.Length} bytes");
                return;
            }

            var key = node.Slice((int)keyStart, (int)keySize);
            var value = node.Slice((int)(keyStart + keySize), (int)valueSize);
            CheckOrder(pageId, "leaf", i, key, previous, bounds);
            previous = key;
            if (!seek.IsEmpty && key.SequenceCompareTo(seek) < 0)
            {
                continue;
            }

            if ((flags & LeafElementLayout.BucketFlag) == 0)
            {
                if (!visitor.OnItem(key, value))
                {
                    _stopped = true;
                }

                continue;
            }

            var keepGoing = visitor.OnBucket(key, value, out var content);
            if (content is not null || _check is not null)
            {
                WalkBucket(pageId, value, content ?? NullBucketVisitor.Instance, default);
            }

            _stopped |= !keepGoing;
        }
    }

    private bool ElementsFit(ulong pageId, ReadOnlySpan<byte> node, int count, string type)
    {
        if (PageLayout.HeaderSize + ((long)count * LeafElementLayout.Size) <= node.Length)
        {
            return true;
        }

        Fail(pageId, BboltFindingKind.Malformed, $"page {pageId}: {count} {type} elements do not fit in {node.Length} bytes");
        return false;
    }

    private bool TryBranchElement(ulong pageId, ReadOnlySpan<byte> node, int index, out ReadOnlySpan<byte> key, out ulong child)
    {
        var element = node.Slice(PageLayout.HeaderSize + (index * BranchElementLayout.Size), BranchElementLayout.Size);
        var pos = BinaryPrimitives.ReadUInt32LittleEndian(element[BranchElementLayout.Pos..]);
        var keySize = BinaryPrimitives.ReadUInt32LittleEndian(element[BranchElementLayout.KeySize..]);
        child = BinaryPrimitives.ReadUInt64LittleEndian(element[BranchElementLayout.PageId..]);
        var keyStart = PageLayout.HeaderSize + ((long)index * BranchElementLayout.Size) + pos;
        if (keyStart + keySize > node.Length)
        {
            key = default;
            Fail(pageId, BboltFindingKind.Malformed,
                $"page {pageId}: branch element {index} (pos {pos}, key {keySize} bytes) runs past the node's {node.Length} bytes");
            return false;
        }

        key = node.Slice((int)keyStart, (int)keySize);
        return true;
    }

    /// <summary>bbolt <c>verifyKeyOrder</c>: strictly ascending in a page and inside the parent's range.</summary>
    private void CheckOrder(ulong pageId, string type, int index, ReadOnlySpan<byte> key, ReadOnlySpan<byte> previous, KeyBounds bounds)
    {
        if (index == 0 && bounds.HasLower && key.SequenceCompareTo(bounds.Lower) < 0)
        {
            Fail(pageId, BboltFindingKind.KeyOrder,
                $"page {pageId}: the first key {Hex(key)} on the {type} page is below the key {Hex(bounds.Lower)} in the parent");
        }

        if (index > 0 && previous.SequenceCompareTo(key) >= 0)
        {
            Fail(pageId, BboltFindingKind.KeyOrder,
                $"page {pageId}: {type} key[{index}]={Hex(key)} is not greater than the previous key {Hex(previous)}");
        }

        if (bounds.HasUpper && key.SequenceCompareTo(bounds.Upper) >= 0)
        {
            Fail(pageId, BboltFindingKind.KeyOrder,
                $"page {pageId}: {type} key[{index}]={Hex(key)} is not below the next key {Hex(bounds.Upper)} in the parent");
        }
    }

    private static string Hex(ReadOnlySpan<byte> key) =>
        key.Length <= 64 ? Convert.ToHexStringLower(key) : Convert.ToHexStringLower(key[..64]) + "...";
}
