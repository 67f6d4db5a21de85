namespace EtcdSnap.Formats.Bbolt;

public sealed partial class BboltFile
{
    /// <summary>Names of the top-level buckets, in bbolt (byte) order.</summary>
    /// <exception cref="CorruptDataException">The root bucket's pages are malformed.</exception>
    public IReadOnlyList<byte[]> GetBucketNames()
    {
        var names = new NameCollector();
        using var walker = new TreeWalker(this);
        walker.WalkRoot(names);
        return names.Names;
    }

    /// <summary>True when a top-level bucket of that name exists.</summary>
    /// <exception cref="CorruptDataException">The root bucket's pages are malformed.</exception>
    public bool BucketExists(ReadOnlySpan<byte> bucket) => FindBucket(bucket) is not null;

    /// <summary>Calls <paramref name="callback"/> for every entry of a top-level bucket, in key order.</summary>
    /// <returns>False when the bucket does not exist.</returns>
    /// <exception cref="CorruptDataException">A page on the way is malformed or keys are out of order.</exception>
    public bool ForEach(ReadOnlySpan<byte> bucket, BboltItemCallback callback) => ForEach(bucket, default, callback);

    /// <summary>
    /// Calls <paramref name="callback"/> for the entries of a top-level bucket whose key is &gt;= <paramref name="startKey"/>,
    /// in key order, until it returns false (a cursor <c>Seek</c> followed by <c>Next</c>).
    /// </summary>
    /// <returns>False when the bucket does not exist.</returns>
    /// <exception cref="CorruptDataException">A page on the way is malformed or keys are out of order.</exception>
    public bool ForEach(ReadOnlySpan<byte> bucket, ReadOnlySpan<byte> startKey, BboltItemCallback callback)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var header = FindBucket(bucket);
        if (header is null)
        {
            return false;
        }

        using var walker = new TreeWalker(this);
        walker.WalkBucket(Meta.RootPageId, header, new CallbackVisitor(callback), startKey);
        return true;
    }

    /// <summary>Returns a copy of the value stored under <paramref name="key"/> in a top-level bucket, or null.</summary>
    /// <exception cref="CorruptDataException">A page on the way is malformed.</exception>
    public byte[]? Get(ReadOnlySpan<byte> bucket, ReadOnlySpan<byte> key)
    {
        var wanted = key.ToArray();
        byte[]? found = null;
        ForEach(bucket, key, (k, v, isBucket) =>
        {
            if (!isBucket && k.SequenceEqual(wanted))
            {
                found = v.ToArray();
            }

            return false;
        });
        return found;
    }

    /// <summary>
    /// Returns a copy of the last (greatest) key of a top-level bucket by following the rightmost path (a cursor
    /// <c>Last</c>), or null when the bucket is missing or empty. For the <c>key</c> bucket this is the latest revision.
    /// </summary>
    /// <exception cref="CorruptDataException">A page on the path is malformed.</exception>
    public byte[]? GetLastKey(ReadOnlySpan<byte> bucket)
    {
        var header = FindBucket(bucket);
        if (header is null || header.Length < BucketLayout.HeaderSize)
        {
            return null;
        }

        var root = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(header);
        if (root == 0)
        {
            var inline = NodeCodec.ReadLeaf(Path, 0, header.AsSpan(BucketLayout.InlinePage));
            return inline.Count == 0 ? null : inline[^1].Key;
        }

        var buffer = Array.Empty<byte>();
        try
        {
            for (var depth = 0; depth <= TreeWalker.MaxDepth; depth++)
            {
                var offset = PageOffset(root);
                var length = ReadNode(root, ref buffer);
                var node = buffer.AsSpan(0, length);
                switch (PageHeader.Read(node).Flags)
                {
                    case PageFlags.Leaf:
                        var items = NodeCodec.ReadLeaf(Path, offset, node);
                        return items.Count == 0 ? null : items[^1].Key;
                    case PageFlags.Branch:
                        var children = NodeCodec.ReadBranch(Path, offset, node);
                        if (children.Count == 0)
                        {
                            throw new CorruptDataException(Path, offset, $"page {root}: branch page without elements");
                        }

                        root = children[^1].PageId;
                        break;
                    default:
                        throw new CorruptDataException(Path, offset, $"page {root}: not a branch or leaf page");
                }
            }

            throw new CorruptDataException(Path, null, $"bucket tree deeper than {TreeWalker.MaxDepth} levels");
        }
        finally
        {
            ReturnBuffer(buffer);
        }
    }

    /// <summary>The raw header (with inline page) of a top-level bucket, or null.</summary>
    internal byte[]? FindBucket(ReadOnlySpan<byte> name)
    {
        var finder = new BucketFinder(name.ToArray());
        using var walker = new TreeWalker(this, guardRevisits: false);
        walker.WalkBucket(Meta.RootPageId, RootHeader(), finder, name);
        return finder.Header;
    }

    /// <summary>The root bucket as a bucket header, so it can be walked like any other bucket.</summary>
    internal byte[] RootHeader()
    {
        var header = new byte[BucketLayout.HeaderSize];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(header, Meta.RootPageId);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(header.AsSpan(BucketLayout.Sequence), Meta.RootSequence);
        return header;
    }

    private sealed class NameCollector : IBucketVisitor
    {
        public List<byte[]> Names { get; } = [];

        public bool OnItem(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => true;

        public bool OnBucket(ReadOnlySpan<byte> key, ReadOnlySpan<byte> header, out IBucketVisitor? content)
        {
            Names.Add(key.ToArray());
            content = null;
            return true;
        }
    }

    private sealed class BucketFinder(byte[] name) : IBucketVisitor
    {
        public byte[]? Header { get; private set; }

        public bool OnItem(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => false;

        public bool OnBucket(ReadOnlySpan<byte> key, ReadOnlySpan<byte> header, out IBucketVisitor? content)
        {
            if (key.SequenceEqual(name))
            {
                Header = header.ToArray();
            }

            content = null;
            return false;
        }
    }

    private sealed class CallbackVisitor(BboltItemCallback callback) : IBucketVisitor
    {
        public bool OnItem(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value) => callback(key, value, false);

        public bool OnBucket(ReadOnlySpan<byte> key, ReadOnlySpan<byte> header, out IBucketVisitor? content)
        {
            content = null;
            return callback(key, default, true);
        }
    }
}
