using EtcdSnap.Core.Restore;
using EtcdSnap.Testing;

namespace EtcdSnap.Core.Tests.Restore;

public sealed class StagedDirectoryTests
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    [Fact]
    public void Commit_MissingTarget_BuiltInHiddenSiblingThenRenamed()
    {
        using var temp = new TempDirectory();
        var final = temp.Combine("data");

        using (var staged = StagedDirectory.Prepare(final, "data-dir", allowEmpty: true))
        {
            StagedDirectory.CreatePrivateDirectory(Path.Combine(staged.ContentPath, "member", "snap"));
            File.WriteAllText(Path.Combine(staged.ContentPath, "member", "snap", "db"), "x");
            // Before the commit the final path does not exist; only a hidden sibling does.
            Assert.False(Directory.Exists(final));
            var hidden = Assert.Single(Directory.GetDirectories(temp.Path));
            Assert.StartsWith(".data" + StagedDirectory.StagingMarker, Path.GetFileName(hidden), StringComparison.Ordinal);

            staged.Commit();
        }

        Assert.Equal(["d data", "d data/member", "d data/member/snap", "f data/member/snap/db 1"], RestoreAssert.Listing(temp.Path));
        Assert.Equal(Private, File.GetUnixFileMode(final));
        Assert.Equal(Private, File.GetUnixFileMode(Path.Combine(final, "member")));
    }

    [Fact]
    public void Commit_EmptyExistingTarget_EntriesMovedInMemberLast()
    {
        using var temp = new TempDirectory();
        var final = temp.Combine("mountpoint");
        Directory.CreateDirectory(final);

        using (var staged = StagedDirectory.Prepare(final, "data-dir", allowEmpty: true))
        {
            Assert.StartsWith(final + "/", staged.ContentPath, StringComparison.Ordinal);
            StagedDirectory.CreatePrivateDirectory(Path.Combine(staged.ContentPath, "member"));
            StagedDirectory.CreatePrivateDirectory(Path.Combine(staged.ContentPath, "wal"));
            staged.Commit();
        }

        Assert.Equal(["d mountpoint", "d mountpoint/member", "d mountpoint/wal"], RestoreAssert.Listing(temp.Path));
    }

    [Fact]
    public void Prepare_NonEmptyTarget_RefusedWithEtcdutlMessage()
    {
        using var temp = new TempDirectory();
        var final = temp.Combine("data");
        Directory.CreateDirectory(final);
        File.WriteAllText(Path.Combine(final, "keep"), "user data");

        var e = Assert.Throws<OperationRefusedException>(() => StagedDirectory.Prepare(final, "data-dir", allowEmpty: true));

        Assert.Equal($"data-dir \"{final}\" not empty or could not be read", e.Message);
        Assert.Contains("never deletes", e.Hint, StringComparison.Ordinal);
        Assert.Equal(["d data", "f data/keep 9"], RestoreAssert.Listing(temp.Path));
    }

    [Fact]
    public void Prepare_TargetHoldingOnlyAnInterruptedStaging_HintSaysSo()
    {
        using var temp = new TempDirectory();
        var final = temp.Combine("data");
        Directory.CreateDirectory(Path.Combine(final, StagedDirectory.StagingMarker + "0badf00d"));

        var e = Assert.Throws<OperationRefusedException>(() => StagedDirectory.Prepare(final, "data-dir", allowEmpty: true));

        Assert.Contains("left by an interrupted restore", e.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void Prepare_ExistingWalDir_RefusedEvenWhenEmpty()
    {
        using var temp = new TempDirectory();
        var wal = temp.Combine("wal");
        Directory.CreateDirectory(wal);

        var e = Assert.Throws<OperationRefusedException>(() => StagedDirectory.Prepare(wal, "wal-dir", allowEmpty: false));

        Assert.Equal($"wal-dir \"{wal}\" exists", e.Message);
    }

    [Fact]
    public void Prepare_TargetIsAFile_Refused()
    {
        using var temp = new TempDirectory();
        var file = temp.Combine("data");
        File.WriteAllText(file, "");

        Assert.Throws<OperationRefusedException>(() => StagedDirectory.Prepare(file, "data-dir", allowEmpty: true));
    }

    [Fact]
    public void Dispose_WithoutCommit_RemovesStagingAndTheAncestorsItCreated()
    {
        using var temp = new TempDirectory();
        var final = temp.Combine("a", "b", "data");

        using (var staged = StagedDirectory.Prepare(final, "data-dir", allowEmpty: true))
        {
            Assert.Equal(Private, File.GetUnixFileMode(temp.Combine("a")));
            StagedDirectory.CreatePrivateDirectory(Path.Combine(staged.ContentPath, "member"));
        }

        Assert.Empty(RestoreAssert.Listing(temp.Path));
    }

    [Fact]
    public void Undo_AfterCommit_RemovesWhatWasPlaced()
    {
        using var temp = new TempDirectory();
        var final = temp.Combine("new", "wal");
        using var staged = StagedDirectory.Prepare(final, "wal-dir", allowEmpty: false);
        StagedDirectory.CreatePrivateDirectory(staged.ContentPath);
        staged.Commit();
        Assert.True(Directory.Exists(final));

        staged.Undo();

        Assert.Empty(RestoreAssert.Listing(temp.Path));
    }

    [Fact]
    public void Commit_TargetCreatedMeanwhile_RefusedAndRolledBack()
    {
        using var temp = new TempDirectory();
        var final = temp.Combine("data");
        using (var staged = StagedDirectory.Prepare(final, "data-dir", allowEmpty: true))
        {
            StagedDirectory.CreatePrivateDirectory(staged.ContentPath);
            Directory.CreateDirectory(final);
            File.WriteAllText(Path.Combine(final, "theirs"), "");

            Assert.Throws<OperationRefusedException>(staged.Commit);
        }

        Assert.Equal(["d data", "f data/theirs 0"], RestoreAssert.Listing(temp.Path));
    }
}
