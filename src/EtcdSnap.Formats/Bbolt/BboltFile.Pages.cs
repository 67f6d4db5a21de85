using System.Buffers;

using EtcdSnap.Formats.IO;

namespace EtcdSnap.Formats.Bbolt;

public sealed partial class BboltFile
{
    /// <summary>
    /// Reads the node that starts at page <paramref name="pageId"/> (the page and its overflow pages, as one buffer)
    /// into <paramref name="buffer"/>, growing it from the shared pool when needed. Every bound is checked before
    /// anything is allocated or read.
    /// </summary>
    /// <returns>The node length in bytes: <c>(overflow + 1) * PageSize</c>.</returns>
    /// <exception cref="CorruptDataException">The id or its overflow run lies outside the pages in use or the file.</exception>
    internal int ReadNode(ulong pageId, ref byte[] buffer)
    {
        var pageSize = PageSize;
        var offset = PageOffset(pageId);
        if (pageId >= Meta.HighWaterMark)
        {
            throw new CorruptDataException(Path, offset, $"page {pageId}: out of bounds (high-water mark {Meta.HighWaterMark})");
        }

        if (offset + pageSize > FileLength)
        {
            throw new CorruptDataException(Path, offset, $"page {pageId}: beyond the end of the file ({FileLength} bytes; truncated?)");
        }

        EnsureCapacity(ref buffer, pageSize, 0);
        PositionalFile.ReadExactly(_handle, Path, buffer.AsSpan(0, pageSize), offset);
        var overflow = PageHeader.Read(buffer).Overflow;
        if (overflow == 0)
        {
            return pageSize;
        }

        var pages = (ulong)overflow + 1;
        if (pages > Meta.HighWaterMark - pageId)
        {
            throw new CorruptDataException(Path, offset,
                $"page {pageId}: overflow {overflow} runs past the high-water mark {Meta.HighWaterMark}");
        }

        var length = (long)pages * pageSize;
        if (offset + length > FileLength)
        {
            throw new CorruptDataException(Path, offset,
                $"page {pageId}: overflow {overflow} runs past the end of the file ({FileLength} bytes)");
        }

        if (length > Array.MaxLength)
        {
            throw new CorruptDataException(Path, offset, $"page {pageId}: node of {length} bytes is larger than any bbolt value");
        }

        EnsureCapacity(ref buffer, (int)length, pageSize);
        PositionalFile.ReadExactly(_handle, Path, buffer.AsSpan(pageSize, (int)length - pageSize), offset + pageSize);
        return (int)length;
    }

    /// <summary>File offset of a page, saturating instead of overflowing for absurd ids.</summary>
    internal long PageOffset(ulong pageId) =>
        pageId >= (ulong)(long.MaxValue / PageSize) ? long.MaxValue : (long)pageId * PageSize;

    /// <summary>Makes <paramref name="buffer"/> hold at least <paramref name="length"/> bytes, keeping the first <paramref name="keep"/>.</summary>
    internal static void EnsureCapacity(ref byte[] buffer, int length, int keep)
    {
        if (buffer.Length >= length)
        {
            return;
        }

        var bigger = ArrayPool<byte>.Shared.Rent(length);
        buffer.AsSpan(0, keep).CopyTo(bigger);
        ReturnBuffer(buffer);
        buffer = bigger;
    }

    internal static void ReturnBuffer(byte[] buffer)
    {
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
