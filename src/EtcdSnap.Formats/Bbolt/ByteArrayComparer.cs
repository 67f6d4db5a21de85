namespace EtcdSnap.Formats.Bbolt;

/// <summary>bbolt key order: unsigned bytewise comparison (Go <c>bytes.Compare</c>).</summary>
internal sealed class ByteArrayComparer : IComparer<byte[]>
{
    public static readonly ByteArrayComparer Instance = new();

    public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
}
