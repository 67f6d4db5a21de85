namespace EtcdSnap.Formats.Wal;

/// <summary>
/// The last segment ends in a partially written record: the power went out in the middle of a write.
/// </summary>
/// <remarks>
/// etcd tells this apart from corruption (<c>wal/decoder.go</c> isTornEntry): only the last segment can be torn,
/// and a record is torn when the file ends inside it or when one of its 512-byte sectors is all zeros. etcd
/// drops such a record when it opens the WAL for writing (its writes were never acknowledged).
/// </remarks>
/// <param name="Path">The last segment.</param>
/// <param name="Offset">Offset of the torn frame; every record before it is valid.</param>
/// <param name="Reason">What was found there.</param>
public sealed record WalTornTail(string Path, long Offset, string Reason);
