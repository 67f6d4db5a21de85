using System.Buffers.Binary;

namespace EtcdSnap.Formats.Bbolt;

/// <summary>
/// Depth-first walk of bbolt B+trees in key order: branch pages, leaf pages, inline and nested buckets. In check mode
/// (a <see cref="CheckState"/> is given) it also does bbolt's <c>Tx.Check</c> page accounting and key-order checks and
/// turns every problem into a finding; otherwise the first problem throws <see cref="CorruptDataException"/>.
/// </summary>
/// <remarks>
/// One pooled buffer per tree level, so the keys of every ancestor stay valid while a child is walked (they bound the
/// child's keys). Depth is limited, and in strict mode every page may be entered once, so cycles in a corrupt file end
/// in an exception instead of a stack overflow or an endless walk.
/// </remarks>
internal sealed partial class TreeWalker : IDisposable
{
    /// <summary>More levels than any real tree has (bbolt fan-out is at least 2), counting nested and inline buckets.</summary>
    public const int MaxDepth = 64;

    private readonly BboltFile _file;
    private readonly CheckState? _check;
    private readonly PageBitmap? _entered;
    private readonly byte[][] _buffers = new byte[MaxDepth + 1][];
    private readonly CancellationToken _cancellationToken;
    private int _depth;
    private bool _stopped;

    /// <param name="file">The open file.</param>
    /// <param name="check">Check mode: collect findings here instead of throwing.</param>
    /// <param name="guardRevisits">Strict mode: throw when a page is entered twice (full walks over untrusted files).</param>
    /// <param name="cancellationToken">Checked once per page.</param>
    public TreeWalker(BboltFile file, CheckState? check = null, bool guardRevisits = true, CancellationToken cancellationToken = default)
    {
        _file = file;
        _check = check;
        _cancellationToken = cancellationToken;
        if (check is null && guardRevisits)
        {
            _entered = new PageBitmap(Math.Min(file.Meta.HighWaterMark, (ulong)(file.FileLength / file.PageSize)));
        }

        Array.Fill(_buffers, []);
    }

    /// <summary>Walks the root bucket: its entries are the top-level buckets.</summary>
    public void WalkRoot(IBucketVisitor visitor) => WalkPage(_file.Meta.RootPageId, visitor, default, default);

    /// <summary>Walks a bucket given its raw header (as stored in the parent's leaf), starting at <paramref name="seek"/>.</summary>
    public void WalkBucket(ulong ownerPage, ReadOnlySpan<byte> header, IBucketVisitor visitor, ReadOnlySpan<byte> seek)
    {
        if (_stopped)
        {
            return;
        }

        if (header.Length < BucketLayout.HeaderSize)
        {
            Fail(ownerPage, BboltFindingKind.Malformed, $"page {ownerPage}: bucket header of {header.Length} bytes, want {BucketLayout.HeaderSize}");
            return;
        }

        var root = BinaryPrimitives.ReadUInt64LittleEndian(header[BucketLayout.Root..]);
        if (root != 0)
        {
            WalkPage(root, visitor, default, seek);
            return;
        }

        var inline = header[BucketLayout.InlinePage..];
        if (inline.Length < PageLayout.HeaderSize)
        {
            Fail(ownerPage, BboltFindingKind.Malformed, $"page {ownerPage}: inline bucket of {header.Length} bytes has no page header");
            return;
        }

        var page = PageHeader.Read(inline);
        if (page.Flags != PageFlags.Leaf)
        {
            Fail(ownerPage, BboltFindingKind.InvalidPageType, $"page {ownerPage}: inline bucket page has type {page.TypeName}, want leaf");
            return;
        }

        // Inline pages live in the parent's buffer; the level still counts so nesting stays bounded.
        if (!Enter(ownerPage))
        {
            return;
        }

        try
        {
            WalkLeaf(ownerPage, inline, page.Count, visitor, default, seek);
        }
        finally
        {
            _depth--;
        }
    }

    /// <summary>Stops the walk after the current entry.</summary>
    public void Stop() => _stopped = true;

    private bool Enter(ulong pageId)
    {
        if (_depth >= MaxDepth)
        {
            Fail(pageId, BboltFindingKind.Malformed, $"page {pageId}: more than {MaxDepth} levels of pages and buckets (a cycle?)");
            return false;
        }

        _depth++;
        return true;
    }

    private void WalkPage(ulong pageId, IBucketVisitor visitor, KeyBounds bounds, ReadOnlySpan<byte> seek)
    {
        if (_stopped)
        {
            return;
        }

        if (pageId >= _file.Meta.HighWaterMark)
        {
            Fail(pageId, BboltFindingKind.OutOfBounds, $"page {pageId}: out of bounds: {_file.Meta.HighWaterMark}");
            return;
        }

        _cancellationToken.ThrowIfCancellationRequested();
        if (!Enter(pageId))
        {
            return;
        }

        try
        {
            ref var buffer = ref _buffers[_depth];
            int length;
            try
            {
                length = _file.ReadNode(pageId, ref buffer);
            }
            catch (CorruptDataException e) when (_check is not null)
            {
                _check.Add(pageId, pageId >= _check.Size ? BboltFindingKind.Truncated : BboltFindingKind.Malformed, e.Reason);
                return;
            }

            var node = buffer.AsSpan(0, length);
            var header = PageHeader.Read(node);
            if (!MarkEntered(pageId, header))
            {
                return;
            }

            if (header.Id != pageId)
            {
                Fail(pageId, BboltFindingKind.PageIdMismatch, $"page {pageId}: header says it is page {header.Id}");
            }

            switch (header.Flags)
            {
                case PageFlags.Branch:
                    WalkBranch(pageId, node, header.Count, visitor, bounds, seek);
                    break;
                case PageFlags.Leaf:
                    WalkLeaf(pageId, node, header.Count, visitor, bounds, seek);
                    break;
                default:
                    Fail(pageId, BboltFindingKind.InvalidPageType, $"page {pageId}: invalid type: {header.TypeName}");
                    break;
            }
        }
        finally
        {
            _depth--;
        }
    }

    /// <summary>Records the page (and its overflow run) as reached; false when it was reached before.</summary>
    private bool MarkEntered(ulong pageId, PageHeader header)
    {
        if (_check is null)
        {
            if (_entered is not null && _entered.Set(pageId))
            {
                Fail(pageId, BboltFindingKind.MultipleReferences, $"page {pageId}: multiple references");
                return false;
            }

            return true;
        }

        var first = true;
        for (ulong i = 0; i <= header.Overflow; i++)
        {
            var id = pageId + i;
            if (_check.Reachable.Set(id))
            {
                _check.Add(id, BboltFindingKind.MultipleReferences, $"page {id}: multiple references");
                if (i == 0)
                {
                    first = false;
                }
            }
        }

        if (_check.Freed[pageId])
        {
            _check.Add(pageId, BboltFindingKind.ReachableFreed, $"page {pageId}: reachable freed");
        }

        // A page reached twice is not walked again: its subtree was (or is being) checked already, and a cycle would
        // never end.
        return first;
    }

    /// <summary>Throws in strict mode; records a finding in check mode.</summary>
    private void Fail(ulong pageId, BboltFindingKind kind, string message)
    {
        if (_check is null)
        {
            throw new CorruptDataException(_file.Path, _file.PageOffset(pageId), message);
        }

        _check.Add(pageId, kind, message);
    }

    public void Dispose()
    {
        for (var i = 0; i < _buffers.Length; i++)
        {
            BboltFile.ReturnBuffer(_buffers[i]);
            _buffers[i] = [];
        }
    }

    /// <summary>Keys of a subtree must be &gt;= <see cref="Lower"/> and &lt; <see cref="Upper"/> (each optional).</summary>
    private readonly ref struct KeyBounds(ReadOnlySpan<byte> lower, bool hasLower, ReadOnlySpan<byte> upper, bool hasUpper)
    {
        public ReadOnlySpan<byte> Lower { get; } = lower;

        public bool HasLower { get; } = hasLower;

        public ReadOnlySpan<byte> Upper { get; } = upper;

        public bool HasUpper { get; } = hasUpper;
    }
}
