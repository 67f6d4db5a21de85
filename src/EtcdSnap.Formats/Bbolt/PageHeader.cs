using System.Buffers.Binary;

namespace EtcdSnap.Formats.Bbolt;

/// <summary>The decoded 16-byte page header (see <see cref="PageLayout"/>).</summary>
internal readonly record struct PageHeader(ulong Id, PageFlags Flags, ushort Count, uint Overflow)
{
    /// <summary>Decodes a header; <paramref name="page"/> must hold at least <see cref="PageLayout.HeaderSize"/> bytes.</summary>
    public static PageHeader Read(ReadOnlySpan<byte> page) => new(
        BinaryPrimitives.ReadUInt64LittleEndian(page[PageLayout.Id..]),
        (PageFlags)BinaryPrimitives.ReadUInt16LittleEndian(page[PageLayout.Flags..]),
        BinaryPrimitives.ReadUInt16LittleEndian(page[PageLayout.Count..]),
        BinaryPrimitives.ReadUInt32LittleEndian(page[PageLayout.Overflow..]));

    /// <summary>Encodes the header into the first 16 bytes of <paramref name="page"/>.</summary>
    public void Write(Span<byte> page)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(page[PageLayout.Id..], Id);
        BinaryPrimitives.WriteUInt16LittleEndian(page[PageLayout.Flags..], (ushort)Flags);
        BinaryPrimitives.WriteUInt16LittleEndian(page[PageLayout.Count..], Count);
        BinaryPrimitives.WriteUInt32LittleEndian(page[PageLayout.Overflow..], Overflow);
    }

    /// <summary>The page type as bbolt names it in messages.</summary>
    public string TypeName => Flags switch
    {
        PageFlags.Branch => "branch",
        PageFlags.Leaf => "leaf",
        PageFlags.Meta => "meta",
        PageFlags.Freelist => "freelist",
        _ => $"unknown<{(ushort)Flags:x2}>",
    };
}
