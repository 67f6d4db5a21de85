namespace EtcdSnap.Formats.Bbolt;

/// <summary>One bit per page id below a fixed size; ids at or above it read as unset and are never stored.</summary>
internal sealed class PageBitmap(ulong size)
{
    private readonly ulong[] _words = new ulong[(size + 63) / 64];

    public ulong Size { get; } = size;

    public bool this[ulong id] => id < Size && (_words[id >> 6] & (1UL << (int)(id & 63))) != 0;

    /// <summary>Sets the bit; returns whether it was already set. Ids outside the bitmap are ignored (false).</summary>
    public bool Set(ulong id)
    {
        if (id >= Size)
        {
            return false;
        }

        ref var word = ref _words[id >> 6];
        var mask = 1UL << (int)(id & 63);
        var was = (word & mask) != 0;
        word |= mask;
        return was;
    }
}
