namespace EtcdSnap.Formats.Wal;

/// <summary>A segment file of a WAL directory and how much of it holds records.</summary>
/// <param name="Name">Sequence and first index, from the file name.</param>
/// <param name="Path">Full path.</param>
/// <param name="Length">File size (64,000,000 for a preallocated segment).</param>
/// <param name="DataEnd">Offset just past the last valid record; the rest is zero fill (or a torn tail).</param>
public sealed record WalSegmentInfo(WalSegmentName Name, string Path, long Length, long DataEnd);
