namespace EtcdSnap.Formats.Hashing;

/// <summary>64-bit FNV-1a, the checksum bbolt stores in its meta pages (Go <c>hash/fnv.New64a</c>).</summary>
public static class Fnv1a64
{
    /// <summary>FNV-1a 64 offset basis.</summary>
    public const ulong OffsetBasis = 0xcbf29ce484222325;

    /// <summary>FNV 64-bit prime.</summary>
    public const ulong Prime = 0x100000001b3;

    /// <summary>Computes the FNV-1a 64 hash of <paramref name="data"/>.</summary>
    public static ulong Compute(ReadOnlySpan<byte> data)
    {
        var hash = OffsetBasis;
        foreach (var b in data)
        {
            hash = (hash ^ b) * Prime;
        }

        return hash;
    }
}
