using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace EtcdSnap.Core.Inspection;

/// <summary>SHA-256 of a value, kept inline (no array per key): what <c>diff</c> compares instead of the bytes.</summary>
[InlineArray(SHA256.HashSizeInBytes)]
internal struct ValueDigest
{
    private byte _first;

    /// <summary>The digest of <paramref name="value"/>.</summary>
    public static ValueDigest Of(ReadOnlySpan<byte> value)
    {
        var digest = default(ValueDigest);
        SHA256.HashData(value, digest);
        return digest;
    }

    /// <summary>True when both digests are the same bytes.</summary>
    public static bool AreEqual(in ValueDigest a, in ValueDigest b) =>
        ((ReadOnlySpan<byte>)a).SequenceEqual(b);
}
