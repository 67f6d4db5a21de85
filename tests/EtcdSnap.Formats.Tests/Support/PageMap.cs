using System.Buffers.Binary;
using EtcdSnap.Formats.Bbolt;

namespace EtcdSnap.Formats.Tests.Support;

/// <summary>The pages reachable in a (valid) fixture, with their headers, to aim mutations at real structures.</summary>
internal sealed record MappedPage(ulong Id, PageFlags Flags, int Count, uint Overflow, long Offset, string Bucket);

internal static class PageMap
{
    public static List<MappedPage> Collect(string path)
    {
        using var db = BboltFile.Open(path);
        var pages = new List<MappedPage>();
        Walk(db, db.Meta.RootPageId, "", pages);
        return pages;
    }

    private static void Walk(BboltFile db, ulong id, string bucket, List<MappedPage> pages)
    {
        var buffer = Array.Empty<byte>();
        var length = db.ReadNode(id, ref buffer);
        var node = buffer.AsSpan(0, length).ToArray();
        var header = PageHeader.Read(node);
        pages.Add(new MappedPage(id, header.Flags, header.Count, header.Overflow, (long)id * db.PageSize, bucket));
        for (var i = 0; i < header.Count; i++)
        {
            var e = 16 + (i * 16);
            if (header.Flags == PageFlags.Branch)
            {
                Walk(db, BinaryPrimitives.ReadUInt64LittleEndian(node.AsSpan(e + 8)), bucket, pages);
            }
            else if ((BinaryPrimitives.ReadUInt32LittleEndian(node.AsSpan(e)) & 1) != 0)
            {
                var pos = (int)BinaryPrimitives.ReadUInt32LittleEndian(node.AsSpan(e + 4));
                var ksize = (int)BinaryPrimitives.ReadUInt32LittleEndian(node.AsSpan(e + 8));
                var name = System.Text.Encoding.ASCII.GetString(node, e + pos, ksize);
                var root = BinaryPrimitives.ReadUInt64LittleEndian(node.AsSpan(e + pos + ksize));
                if (root != 0)
                {
                    Walk(db, root, name, pages);
                }
            }
        }
    }

    /// <summary>Overwrites bytes of a file in place.</summary>
    public static void Poke(string path, long offset, ReadOnlySpan<byte> bytes)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.Write);
        f.Position = offset;
        f.Write(bytes);
    }

    public static byte[] Peek(string path, long offset, int count)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read);
        var bytes = new byte[count];
        f.Position = offset;
        f.ReadExactly(bytes);
        return bytes;
    }

    public static void PokeU64(string path, long offset, ulong value)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(b, value);
        Poke(path, offset, b);
    }

    public static void PokeU32(string path, long offset, uint value)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        Poke(path, offset, b);
    }
}
