using System.Buffers.Binary;

namespace EtcdSnap.Formats.Mvcc;

/// <summary>
/// An etcd MVCC revision: the store-wide <see cref="Main"/> revision of a transaction and the <see cref="Sub"/> index of
/// the change inside it. Keys of the <c>key</c> bucket encode it big-endian, so bbolt key order is revision order.
/// </summary>
/// <remarks>
/// Key layout (etcd <c>mvcc/revision.go</c> @ v3.4.45, <c>server/storage/mvcc/revision.go</c> @ v3.6.14):
/// bytes 0-7 main (int64 BE), byte 8 <c>'_'</c>, bytes 9-16 sub (int64 BE), optional byte 17 <c>'t'</c> for a tombstone.
/// </remarks>
/// <param name="Main">The main revision.</param>
/// <param name="Sub">The sub revision.</param>
public readonly record struct Revision(long Main, long Sub) : IComparable<Revision>
{
    /// <summary>Length of a revision key.</summary>
    public const int KeyLength = 17;

    /// <summary>Length of a tombstone's revision key (with the trailing marker).</summary>
    public const int TombstoneKeyLength = KeyLength + 1;

    /// <summary>The byte between main and sub.</summary>
    public const byte Separator = (byte)'_';

    /// <summary>The byte that marks a deletion.</summary>
    public const byte TombstoneMarker = (byte)'t';

    private const int SubOffset = 9;

    /// <inheritdoc/>
    public int CompareTo(Revision other) => Main != other.Main ? Main.CompareTo(other.Main) : Sub.CompareTo(other.Sub);

    /// <summary>Ordering operator.</summary>
    public static bool operator <(Revision left, Revision right) => left.CompareTo(right) < 0;

    /// <summary>Ordering operator.</summary>
    public static bool operator >(Revision left, Revision right) => left.CompareTo(right) > 0;

    /// <summary>Ordering operator.</summary>
    public static bool operator <=(Revision left, Revision right) => left.CompareTo(right) <= 0;

    /// <summary>Ordering operator.</summary>
    public static bool operator >=(Revision left, Revision right) => left.CompareTo(right) >= 0;

    /// <summary>
    /// Parses a <c>key</c>-bucket key as etcd 3.6 does (<c>BytesToBucketKey</c>): 17 or 18 bytes, <c>'_'</c> at byte 8,
    /// <c>'t'</c> as byte 17 if present, non-negative numbers.
    /// </summary>
    public static bool TryParseKey(ReadOnlySpan<byte> key, out Revision revision, out bool isTombstone)
    {
        revision = default;
        isTombstone = key.Length == TombstoneKeyLength;
        if ((key.Length != KeyLength && !isTombstone) || key[8] != Separator || (isTombstone && key[KeyLength] != TombstoneMarker))
        {
            return false;
        }

        revision = new Revision(BinaryPrimitives.ReadInt64BigEndian(key), BinaryPrimitives.ReadInt64BigEndian(key[SubOffset..]));
        return revision.Main >= 0 && revision.Sub >= 0;
    }

    /// <summary>
    /// The main revision as etcd 3.4/3.5 <c>snapshot status</c> reads it: the first 8 bytes, big-endian, nothing else
    /// checked. Null when the key is shorter than 8 bytes (etcd would crash).
    /// </summary>
    public static long? ReadMain(ReadOnlySpan<byte> key) => key.Length >= 8 ? BinaryPrimitives.ReadInt64BigEndian(key) : null;

    /// <summary>Writes the 17-byte key (18 with the tombstone marker) into <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is too short.</exception>
    public void WriteKey(Span<byte> destination, bool tombstone = false)
    {
        var length = tombstone ? TombstoneKeyLength : KeyLength;
        if (destination.Length < length)
        {
            throw new ArgumentException($"need {length} bytes", nameof(destination));
        }

        BinaryPrimitives.WriteInt64BigEndian(destination, Main);
        destination[8] = Separator;
        BinaryPrimitives.WriteInt64BigEndian(destination[SubOffset..], Sub);
        if (tombstone)
        {
            destination[KeyLength] = TombstoneMarker;
        }
    }

    /// <summary>The 17-byte key (18 with the tombstone marker).</summary>
    public byte[] ToKey(bool tombstone = false)
    {
        var key = new byte[tombstone ? TombstoneKeyLength : KeyLength];
        WriteKey(key, tombstone);
        return key;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Main}_{Sub}";
}
