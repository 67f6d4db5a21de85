using EtcdSnap.Formats.Membership;
using EtcdSnap.Formats.Snap;
using EtcdSnap.Formats.Wal;
using EtcdSnap.Testing;

namespace EtcdSnap.Formats.Tests.Membership;

public sealed class MemberStateWriterTests
{
    private static RestoredMemberState State(string fixture = "two-members-m1", WalSnapshotForm form = WalSnapshotForm.WithConfState) =>
        RestoredMemberState.Create(BootstrapCluster.Create(RestoreFixture.Load(fixture).Options()),
            new MemberStateOptions { SnapshotForm = form });

    [Fact]
    public void Write_Preallocated_LaysOutDataDirLikeEtcd()
    {
        // Given
        using var temp = new TempDirectory();
        var state = State();
        var walDir = temp.Combine("member", "wal");
        var snapDir = temp.Combine("member", "snap");

        // When
        var (segment, snap) = MemberStateWriter.Write(state, walDir, snapDir);

        // Then: one preallocated 0600 segment whose data is our encoding, a 0600 snap file, 0700 dirs
        Assert.Equal(Path.Combine(walDir, "0000000000000000-0000000000000000.wal"), segment);
        Assert.Equal(Path.Combine(snapDir, "0000000000000001-0000000000000002.snap"), snap);
        Assert.Equal(WalWriter.DefaultSegmentSizeBytes, new FileInfo(segment).Length);
        var bytes = File.ReadAllBytes(segment);
        Assert.Equal(state.WalSegmentData, bytes[..state.WalSegmentData.Length]);
        Assert.DoesNotContain(bytes.AsSpan(state.WalSegmentData.Length).ToArray(), b => b != 0);
        Assert.Equal(state.SnapFileBytes, File.ReadAllBytes(snap));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(segment));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(snap));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(walDir));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(snapDir));
        Assert.Equal([Path.GetFileName(segment)], Directory.GetFiles(walDir).Select(Path.GetFileName));
        Assert.False(Directory.Exists(walDir + ".tmp"));
        Assert.Equal([Path.GetFileName(snap)], Directory.GetFiles(snapDir).Select(Path.GetFileName));
    }

    [Fact]
    public void Write_ThenRead_WalAndSnapAgreeAsAtBoot()
    {
        using var temp = new TempDirectory();
        var state = State("three-members-b");
        MemberStateWriter.Write(state, temp.Combine("wal"), temp.Combine("snap"), preallocate: false);

        var wal = WalReader.ReadAll(temp.Combine("wal"));
        var loaded = SnapDirectory.LoadNewestAvailable(temp.Combine("snap"), wal.ValidSnapshots);

        Assert.Equal(state.WalSegmentData.Length, new FileInfo(wal.Segments[0].Path).Length);
        Assert.Equal(state.Metadata, wal.Metadata);
        Assert.Equal(state.HardState, wal.HardState);
        Assert.Equal(state.SnapshotRecord, wal.Snapshots[^1]);
        Assert.NotNull(loaded);
        Assert.Equal(state.RaftSnapshot.ToByteArray(), loaded.Value.Snapshot.ToByteArray());
    }

    [Fact]
    public void Write_WalDirExists_RefusesAndLeavesNothing()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("wal"));

        Assert.Throws<IOException>(() => MemberStateWriter.Write(State(), temp.Combine("wal"), temp.Combine("snap")));

        Assert.Empty(Directory.GetFiles(temp.Combine("snap")));
        Assert.Empty(Directory.GetFileSystemEntries(temp.Combine("wal")));
        Assert.False(Directory.Exists(temp.Combine("wal.tmp")));
    }

    [Fact]
    public void Write_SnapFileExists_Refuses()
    {
        using var temp = new TempDirectory();
        var state = State();
        Directory.CreateDirectory(temp.Combine("snap"));
        File.WriteAllText(temp.Combine("snap", state.SnapFileName), "keep me");

        Assert.Throws<IOException>(() => MemberStateWriter.Write(state, temp.Combine("wal"), temp.Combine("snap")));

        Assert.Equal("keep me", File.ReadAllText(temp.Combine("snap", state.SnapFileName)));
        Assert.False(Directory.Exists(temp.Combine("wal")));
    }

    [Fact]
    public void WalWriter_ThreeFiveRule_RefusesSnapshotWithoutConfState()
    {
        using var temp = new TempDirectory();
        using var w = WalWriter.Create(temp.Combine("wal"), new(), new WalWriterOptions { RequireSnapshotConfState = true, Preallocate = false });

        Assert.Throws<InvalidOperationException>(() => w.SaveSnapshot(new WalSnapshot { Index = 2, Term = 1 }));
    }

    [Fact]
    public void WalWriter_DisposedWithoutCommit_RemovesTemporaryDirectory()
    {
        using var temp = new TempDirectory();
        using (var w = WalWriter.Create(temp.Combine("wal"), new(), new WalWriterOptions { Preallocate = false }))
        {
            w.Save(new() { Term = 1, Commit = 1 }, [new() { Term = 1, Index = 1 }]);
        }

        Assert.Empty(Directory.GetFileSystemEntries(temp.Path));
    }
}
