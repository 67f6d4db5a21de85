using EtcdSnap.Formats.Bbolt;
using EtcdSnap.Formats.Mvcc;
using EtcdSnap.Formats.Snapshot;
using EtcdSnap.Formats.Tests.Support;
using EtcdSnap.Testing;

namespace EtcdSnap.Formats.Tests.Corruption;

/// <summary>One named mutation of a real etcd snapshot per test: what comes out, and what the message says.</summary>
public sealed class CorruptionMatrixTests : IDisposable
{
    private const int MetaChecksumOffset = 16 + 56;
    private readonly TempDirectory _temp = new();
    private readonly string _path;
    private readonly List<MappedPage> _pages;

    public CorruptionMatrixTests()
    {
        _path = Fixtures.CopyTo(Fixtures.VariedSnapshot, _temp.Path);
        _pages = PageMap.Collect(_path);
    }

    public void Dispose() => _temp.Dispose();

    private MappedPage KeyBranch => _pages.First(p => p.Bucket == "key" && p.Flags == PageFlags.Branch && p.Count >= 2);

    private MappedPage KeyLeaf => _pages.First(p => p.Bucket == "key" && p.Flags == PageFlags.Leaf && p.Overflow == 0 && p.Count >= 3);

    [Fact]
    public void FlipMeta0Checksum_FallsBackToMeta1_SameStatus()
    {
        var before = SnapshotStatusCalculator.Compute(_path);
        PageMap.Poke(_path, MetaChecksumOffset, [(byte)(PageMap.Peek(_path, MetaChecksumOffset, 1)[0] ^ 0xFF)]);

        using var db = BboltFile.Open(_path);
        var after = SnapshotStatusCalculator.Compute(db);

        Assert.Null(db.Meta0);
        Assert.Equal(1, db.Meta.PageId);
        Assert.Equal((before.Hash, before.TotalKey, before.Revision), (after.Hash, after.TotalKey, after.Revision));
        Assert.Empty(after.Findings);
    }

    [Fact]
    public void ZeroMeta1_UsesMeta0()
    {
        PageMap.Poke(_path, 4096, new byte[4096]);

        using var db = BboltFile.Open(_path);

        Assert.Null(db.Meta1);
        Assert.Equal(0, db.Meta.PageId);
        Assert.Empty(BboltChecker.Check(db));
    }

    [Fact]
    public void BothMetasBad_ThrowsCorruptAtOffsetZero()
    {
        PageMap.Poke(_path, MetaChecksumOffset, [0xAA]);
        PageMap.Poke(_path, 4096 + MetaChecksumOffset, [0xAA]);

        var e = Assert.Throws<CorruptDataException>(() => BboltFile.Open(_path));

        Assert.Equal(0, e.Offset);
        Assert.Contains("checksum mismatch", e.Message, StringComparison.Ordinal);
        Assert.Equal(_path, e.Path);
    }

    [Fact]
    public void ByteSwappedMagic_SaysBigEndian()
    {
        byte[] swapped = [0xED, 0x0C, 0xDA, 0xED];
        PageMap.Poke(_path, 16, swapped);
        PageMap.Poke(_path, 4096 + 16, swapped);

        var e = Assert.Throws<CorruptDataException>(() => BboltFile.Open(_path));

        Assert.Contains("byte-swapped magic", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Version1_SaysVersionMismatch()
    {
        PageMap.PokeU32(_path, 20, 1);
        PageMap.PokeU32(_path, 4096 + 20, 1);

        var e = Assert.Throws<CorruptDataException>(() => BboltFile.Open(_path));

        Assert.Contains("version 1, want 2", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NotBbolt_SaysNotABboltFile()
    {
        File.WriteAllBytes(_path, new byte[16384]);

        var e = Assert.Throws<CorruptDataException>(() => BboltFile.Open(_path));

        Assert.Contains("not a bbolt file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TruncateLastPage_ReportsTruncation()
    {
        using (var f = new FileStream(_path, FileMode.Open, FileAccess.Write))
        {
            f.SetLength(f.Length - 32 - 4096);
        }

        var status = SnapshotStatusCalculator.Compute(_path);

        Assert.Contains(status.Findings, f => f.Kind == BboltFindingKind.Truncated);
        var e = Assert.Throws<CorruptDataException>(status.ThrowIfInconsistent);
        Assert.Contains("integrity check failed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PageIdOutOfBounds_IsFindingAndStrictReadThrows()
    {
        var branch = KeyBranch;
        PageMap.PokeU64(_path, branch.Offset + 16 + 8, 1_000_000);

        using var db = BboltFile.Open(_path);
        var findings = BboltChecker.Check(db);

        Assert.Contains(findings, f => f.Kind == BboltFindingKind.OutOfBounds && f.PageId == 1_000_000
            && f.Message.Contains("out of bounds", StringComparison.Ordinal));
        var e = Assert.Throws<CorruptDataException>(() => db.ForEach(BucketNames.Key, (_, _, _) => true));
        Assert.Contains("out of bounds", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PageReferencedTwice_IsMultipleReferences()
    {
        var branch = KeyBranch;
        var firstChild = PageMap.Peek(_path, branch.Offset + 16 + 8, 8);
        PageMap.Poke(_path, branch.Offset + 16 + 16 + 8, firstChild);

        using var db = BboltFile.Open(_path);
        var findings = BboltChecker.Check(db);

        Assert.Contains(findings, f => f.Kind == BboltFindingKind.MultipleReferences);
        Assert.Throws<CorruptDataException>(() => db.ForEach(BucketNames.Key, (_, _, _) => true));
    }

    [Fact]
    public void UnsortedKeys_IsKeyOrder()
    {
        var leaf = KeyLeaf;
        // Second element's key: make its first byte 0x00 so it sorts before the first key.
        var pos = BitConverter.ToUInt32(PageMap.Peek(_path, leaf.Offset + 16 + 16 + 4, 4));
        PageMap.Poke(_path, leaf.Offset + 16 + 16 + pos, [0x00]);
        PageMap.Poke(_path, leaf.Offset + 16 + 16 + pos + 7, [0x00]);

        var status = SnapshotStatusCalculator.Compute(_path);

        Assert.Contains(status.Findings, f => f.Kind == BboltFindingKind.KeyOrder && f.PageId == leaf.Id
            && f.Message.Contains("not greater than the previous key", StringComparison.Ordinal));
    }

    [Fact]
    public void OverflowPastEof_IsMalformed()
    {
        var big = _pages.First(p => p.Overflow > 0);
        PageMap.PokeU32(_path, big.Offset + 12, 1_000_000);

        using var db = BboltFile.Open(_path);
        var findings = BboltChecker.Check(db);

        Assert.Contains(findings, f => f.PageId == big.Id && f.Message.Contains("runs past", StringComparison.Ordinal));
        Assert.Throws<CorruptDataException>(() => db.ForEach(BucketNames.Key, (_, _, _) => true));
    }

    [Fact]
    public void HugeCountInPageHeader_IsMalformed()
    {
        var leaf = KeyLeaf;
        PageMap.Poke(_path, leaf.Offset + 10, [0xFE, 0xFF]);

        var status = SnapshotStatusCalculator.Compute(_path);

        Assert.Contains(status.Findings, f => f.Kind == BboltFindingKind.Malformed && f.PageId == leaf.Id
            && f.Message.Contains("65534 leaf elements do not fit", StringComparison.Ordinal));
    }

    [Fact]
    public void InvalidPageType_IsFinding()
    {
        var leaf = KeyLeaf;
        PageMap.Poke(_path, leaf.Offset + 8, [0x10, 0x00]); // freelist flag on a bucket page

        using var db = BboltFile.Open(_path);

        Assert.Contains(BboltChecker.Check(db), f => f.Kind == BboltFindingKind.InvalidPageType && f.PageId == leaf.Id);
    }

    [Fact]
    public void BranchChildPointsToAncestor_EndsWithFindingNotStackOverflow()
    {
        var branch = KeyBranch;
        PageMap.PokeU64(_path, branch.Offset + 16 + 8, branch.Id);

        using var db = BboltFile.Open(_path);

        Assert.Contains(BboltChecker.Check(db), f => f.Kind == BboltFindingKind.MultipleReferences && f.PageId == branch.Id);
        Assert.Throws<CorruptDataException>(() => db.ForEach(BucketNames.Key, (_, _, _) => true));
    }

    [Fact]
    public void Meta0BadWithOtherPageSize_ProbesMeta1()
    {
        // Meta 0 unreadable: bbolt finds the page size from meta 1 by probing 1 KiB, 2 KiB, 4 KiB, ...
        PageMap.Poke(_path, 0, new byte[4096]);

        using var db = BboltFile.Open(_path);

        Assert.Equal(4096, db.PageSize);
        Assert.Equal(1, db.Meta.PageId);
    }
}
