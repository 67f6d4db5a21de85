using EtcdSnap.Core.Restore;
using EtcdSnap.Formats;
using EtcdSnap.Formats.Bbolt;
using EtcdSnap.Testing;

namespace EtcdSnap.Core.Tests.Restore;

/// <summary>
/// The corruption and refusal matrix: every bad input or blocked target fails with the documented exception and a
/// clear message, and leaves the target's parent directory exactly as it was.
/// </summary>
[Collection(RestoreSnapshotsGroup.Name)]
public sealed class SnapshotRestorerFailureTests(RestoreSnapshots source)
{
    [Fact]
    public async Task Restore_FlippedTrailerByte_CorruptWithEtcdWording()
    {
        var e = await FailsAsync<CorruptDataException>(Mutated(b => b[^1] ^= 0x01));

        Assert.Contains("expected sha256 ", e.Message, StringComparison.Ordinal);
        Assert.Contains(", got ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_FlippedDbByteInsideAValue_StructureFineButHashMismatch()
    {
        // A value byte: bbolt has no checksums, only the trailer can notice.
        var e = await FailsAsync<CorruptDataException>(Mutated(b =>
        {
            var at = b.AsSpan().IndexOf("/registry/pods/ns/p-01234"u8);
            Assert.True(at > 0);
            b[at + 20] ^= 0x01;
        }));

        Assert.Contains("expected sha256", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_Truncated_MissingHashWithHint()
    {
        var e = await FailsAsync<CorruptDataException>(Truncated(100));

        Assert.Contains("snapshot missing hash but --skip-hash-check=false", e.Message, StringComparison.Ordinal);
        Assert.Contains("incomplete download", e.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_TruncatedWithSkipHashCheck_RefusedByTheStructureCheck()
    {
        // The trailer and the last two pages gone: the meta still counts them.
        var e = await FailsAsync<CorruptDataException>(Truncated(8192 + 32), skip: true);

        Assert.Contains("integrity check failed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_RawDbWithoutSkipHashCheck_EtcdWordingAndHint()
    {
        var e = await FailsAsync<CorruptDataException>(source.RawDbPath);

        Assert.Contains("snapshot missing hash but --skip-hash-check=false", e.Message, StringComparison.Ordinal);
        Assert.Contains("--skip-hash-check", e.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Restore_CorruptPageHeader_RefusedByTheStructureCheck(bool skip)
    {
        ulong root;
        int pageSize;
        using (var db = BboltFile.Open(source.SnapshotPath))
        {
            root = db.Meta.RootPageId;
            pageSize = db.PageSize;
        }

        // The root bucket's page claims to be a freelist page.
        var e = await FailsAsync<CorruptDataException>(Mutated(b => b[(int)root * pageSize + 8] = 0x10), skip);

        Assert.Contains("integrity check failed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_NotABboltFile_Corrupt()
    {
        await FailsAsync<CorruptDataException>(Mutated(b => Array.Clear(b, 0, 8192)), skip: true);
    }

    [Fact]
    public async Task Restore_MissingSnapshotFile_IoErrorNamingTheStep()
    {
        var e = await FailsAsync<IOException>(Path.Combine(Path.GetTempPath(), $"etcdsnap-missing-{Guid.NewGuid():N}.db"));

        Assert.StartsWith("restore failed while reading the snapshot: Could not find file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_PinnedHashDiffers_Refused()
    {
        var e = await FailsAsync<OperationRefusedException>(source.SnapshotPath, change: o => o with { ExpectedSha256 = new string('a', 64) });

        Assert.Contains("is not the pinned one", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_NonEmptyDataDir_RefusedAndUntouched()
    {
        using var temp = new TempDirectory();
        var dataDir = temp.Combine("data");
        Directory.CreateDirectory(Path.Combine(dataDir, "member"));
        var before = RestoreAssert.Listing(temp.Path);

        var e = await Assert.ThrowsAsync<OperationRefusedException>(() =>
            SnapshotRestorer.RestoreAsync(new RestoreOptions { SnapshotPath = source.SnapshotPath, DataDir = dataDir }));

        Assert.Equal($"data-dir \"{dataDir}\" not empty or could not be read", e.Message);
        Assert.Equal(before, RestoreAssert.Listing(temp.Path));
    }

    [Fact]
    public async Task Restore_ExistingWalDir_RefusedAndNothingCreated()
    {
        using var temp = new TempDirectory();
        var walDir = temp.Combine("wal");
        Directory.CreateDirectory(walDir);
        var before = RestoreAssert.Listing(temp.Path);

        var e = await Assert.ThrowsAsync<OperationRefusedException>(() => SnapshotRestorer.RestoreAsync(
            new RestoreOptions { SnapshotPath = source.SnapshotPath, DataDir = temp.Combine("data"), WalDir = walDir }));

        Assert.Equal($"wal-dir \"{walDir}\" exists", e.Message);
        Assert.Equal(before, RestoreAssert.Listing(temp.Path));
    }

    [Theory]
    [InlineData(RestoreStep.PrepareTargets)]
    [InlineData(RestoreStep.CheckSnapshot)]
    [InlineData(RestoreStep.WriteDb)]
    [InlineData(RestoreStep.VerifyHash)]
    [InlineData(RestoreStep.WriteWalAndSnap)]
    [InlineData(RestoreStep.Commit)]
    public async Task Restore_CancelledAtAStep_NothingLeftBehind(RestoreStep step)
    {
        using var temp = new TempDirectory();
        using var cts = new CancellationTokenSource();
        var progress = new SyncProgress<RestoreProgress>(p =>
        {
            if (p.Step == step)
            {
                cts.Cancel();
            }
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => SnapshotRestorer.RestoreAsync(
            new RestoreOptions { SnapshotPath = source.SnapshotPath, DataDir = temp.Combine("a", "data"), WalDir = temp.Combine("w", "wal") },
            progress, cts.Token));

        Assert.Empty(RestoreAssert.Listing(temp.Path));
    }

    [Fact]
    public async Task Restore_DiskFullWhileCopyingTheDb_IoErrorAndNothingLeft()
    {
        var size = SnapshotSize();
        using var tmpfs = await TmpfsMount.MountAsync(size / 2);

        var e = await Assert.ThrowsAnyAsync<IOException>(() => SnapshotRestorer.RestoreAsync(
            new RestoreOptions { SnapshotPath = source.SnapshotPath, DataDir = tmpfs.Combine("data") }));

        Assert.True(e.Message.StartsWith("restore failed while writing the db: ", StringComparison.Ordinal), e.Message);
        Assert.True(IsDiskFull(e.Message), e.Message);
        Assert.Empty(RestoreAssert.Listing(tmpfs.Path));
    }

    [Fact]
    public async Task Restore_DiskFullWhilePreallocatingTheWal_IoErrorAndNothingLeft()
    {
        // The db fits; the 64 MB WAL segment does not.
        using var tmpfs = await TmpfsMount.MountAsync(SnapshotSize() + (8 << 20));
        Directory.CreateDirectory(tmpfs.Combine("empty"));

        var e = await Assert.ThrowsAnyAsync<IOException>(() => SnapshotRestorer.RestoreAsync(
            new RestoreOptions { SnapshotPath = source.SnapshotPath, DataDir = tmpfs.Combine("empty") }));

        Assert.True(e.Message.StartsWith("restore failed while writing the WAL and snap files for default: ", StringComparison.Ordinal), e.Message);
        Assert.True(IsDiskFull(e.Message), e.Message);
        Assert.Equal(["d empty"], RestoreAssert.Listing(tmpfs.Path));
    }

    private static bool IsDiskFull(string message) =>
        message.Contains("No space left on device", StringComparison.Ordinal) || message.Contains("disk was full", StringComparison.Ordinal);

    private long SnapshotSize() => new FileInfo(source.SnapshotPath).Length;

    private string Mutated(Action<byte[]> mutate)
    {
        var bytes = File.ReadAllBytes(source.SnapshotPath);
        mutate(bytes);
        return WriteMutant(bytes);
    }

    private string Truncated(int bytes) => WriteMutant(File.ReadAllBytes(source.SnapshotPath)[..^bytes]);

    private static string WriteMutant(byte[] bytes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"etcdsnap-mutant-{Guid.NewGuid():N}.db");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static async Task<T> FailsAsync<T>(string snapshot, bool skip = false, Func<RestoreOptions, RestoreOptions>? change = null)
        where T : Exception
    {
        using var temp = new TempDirectory();
        var options = new RestoreOptions { SnapshotPath = snapshot, DataDir = temp.Combine("data"), SkipHashCheck = skip };
        try
        {
            var e = await Assert.ThrowsAsync<T>(() => SnapshotRestorer.RestoreAsync(change is null ? options : change(options)));
            Assert.Empty(RestoreAssert.Listing(temp.Path));
            return e;
        }
        finally
        {
            if (snapshot.Contains("etcdsnap-mutant-", StringComparison.Ordinal))
            {
                File.Delete(snapshot);
            }
        }
    }
}
