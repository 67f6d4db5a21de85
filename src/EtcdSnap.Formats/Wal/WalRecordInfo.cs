namespace EtcdSnap.Formats.Wal;

/// <summary>A decoded, CRC-checked record and where its frame starts.</summary>
/// <param name="Segment">The segment the record is in.</param>
/// <param name="Path">Full path of that segment.</param>
/// <param name="Offset">Offset of the frame (its length field) within the segment.</param>
/// <param name="Record">The record.</param>
public sealed record WalRecordInfo(WalSegmentName Segment, string Path, long Offset, WalRecord Record);
