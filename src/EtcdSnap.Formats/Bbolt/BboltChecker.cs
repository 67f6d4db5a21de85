using System.Buffers.Binary;

namespace EtcdSnap.Formats.Bbolt;

/// <summary>
/// The equivalent of bbolt's <c>Tx.Check</c> (run by <c>etcdctl snapshot status</c> before anything else): every page
/// is reachable exactly once or free, bucket pages are branch or leaf pages inside the high-water mark, and keys are in
/// order. Reports every finding instead of stopping at the first, and never throws on a corrupt tree.
/// </summary>
/// <remarks>
/// Mirrors bbolt <c>tx_check.go</c> @ v1.3.12 (<c>check</c>, <c>checkBucket</c>, <c>recursivelyCheckPages</c>). When
/// the freelist is not persisted (etcd on Linux), bbolt rebuilds it as "every page not reachable", so unreachable
/// pages are never findings then. Stricter than bbolt where bbolt would crash or read garbage: a page id equal to the
/// high-water mark is out of bounds, a page whose header names another id is reported, and a page reached twice is
/// not walked again.
/// </remarks>
public static class BboltChecker
{
    /// <summary>Checks the whole file and returns the findings (empty when consistent).</summary>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    /// <exception cref="IOException">Reading the file failed.</exception>
    public static IReadOnlyList<BboltFinding> Check(BboltFile file, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        var state = Begin(file);
        using (var walker = new TreeWalker(file, state, cancellationToken: cancellationToken))
        {
            walker.WalkRoot(NullBucketVisitor.Instance);
        }

        return Finish(file, state);
    }

    /// <summary>Creates the check bookkeeping: truncation, metas, and the freelist with its duplicates.</summary>
    internal static CheckState Begin(BboltFile file)
    {
        var state = new CheckState(file);
        var meta = file.Meta;
        if (file.IsTruncated)
        {
            state.Add(null, BboltFindingKind.Truncated,
                $"file is {file.FileLength} bytes but {meta.HighWaterMark} pages of {meta.PageSize} bytes ({meta.DataLength} bytes) are in use");
        }

        state.Reachable.Set(0);
        state.Reachable.Set(1);
        if (meta.HasFreelist)
        {
            LoadFreelist(file, state);
        }

        return state;
    }

    /// <summary>After the walk: every page below the high-water mark must be reachable or free.</summary>
    internal static IReadOnlyList<BboltFinding> Finish(BboltFile file, CheckState state)
    {
        if (file.Meta.HasFreelist)
        {
            for (ulong id = 0; id < state.Size; id++)
            {
                if (!state.Reachable[id] && !state.Freed[id])
                {
                    state.Add(id, BboltFindingKind.UnreachableUnfreed, $"page {id}: unreachable unfreed");
                }
            }
        }

        return state.Complete();
    }

    // bbolt freelist.go read(): count, or 0xFFFF and the real count in the first u64; then that many page ids.
    private static void LoadFreelist(BboltFile file, CheckState state)
    {
        var id = file.Meta.FreelistPageId;
        var buffer = Array.Empty<byte>();
        try
        {
            int length;
            try
            {
                length = file.ReadNode(id, ref buffer);
            }
            catch (CorruptDataException e)
            {
                state.Add(id, BboltFindingKind.InvalidFreelist, e.Reason);
                return;
            }

            var node = buffer.AsSpan(0, length);
            var header = PageHeader.Read(node);
            for (ulong i = 0; i <= header.Overflow; i++)
            {
                state.Reachable.Set(id + i);
            }

            if (header.Flags != PageFlags.Freelist)
            {
                state.Add(id, BboltFindingKind.InvalidFreelist, $"page {id}: invalid freelist page, page type is {header.TypeName}");
                return;
            }

            var payload = node[PageLayout.HeaderSize..];
            ulong count = header.Count;
            var skip = 0;
            if (header.Count == PageLayout.FreelistOverflowCount)
            {
                count = payload.Length >= 8 ? BinaryPrimitives.ReadUInt64LittleEndian(payload) : ulong.MaxValue;
                skip = 1;
            }

            if (count > (ulong)(payload.Length / 8) - (ulong)skip)
            {
                state.Add(id, BboltFindingKind.InvalidFreelist, $"page {id}: freelist count {count} does not fit in {node.Length} bytes");
                return;
            }

            for (var i = 0; i < (int)count; i++)
            {
                var free = BinaryPrimitives.ReadUInt64LittleEndian(payload[((skip + i) * 8)..]);
                if (state.Freed.Set(free))
                {
                    state.Add(free, BboltFindingKind.AlreadyFreed, $"page {free}: already freed");
                }
            }
        }
        finally
        {
            BboltFile.ReturnBuffer(buffer);
        }
    }
}
