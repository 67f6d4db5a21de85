namespace EtcdSnap.Formats.Membership;

/// <summary>Choices for <see cref="RestoredMemberState.Create"/>.</summary>
public sealed record MemberStateOptions
{
    /// <summary>The etcd version the data directory is for: decides the <c>meta/term</c> and <c>storageVersion</c> edits.</summary>
    public EtcdTarget Target { get; init; } = EtcdTarget.V35;

    /// <summary>
    /// Form of the final WAL snapshot record. Default <see cref="WalSnapshotForm.WithConfState"/> for every target:
    /// 3.5/3.6 write it, and 3.4.23 was seen to boot from it (see docs/formats/wal.md).
    /// </summary>
    public WalSnapshotForm SnapshotForm { get; init; } = WalSnapshotForm.WithConfState;
}
