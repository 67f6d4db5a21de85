using EtcdSnap.Formats.IO;
using EtcdSnap.Testing;

namespace EtcdSnap.Formats.Tests.IO;

public sealed class DurableFileTests : IDisposable
{
    private const UnixFileMode Mode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Mode0700 = Mode0600 | UnixFileMode.UserExecute;

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void CreatePrivateDirectory_MissingParents_EveryCreatedLevelIs0700()
    {
        var deepest = _temp.Combine("a", "b", "c");

        DurableFile.CreatePrivateDirectory(deepest);

        Assert.Equal(Mode0700, File.GetUnixFileMode(_temp.Combine("a")));
        Assert.Equal(Mode0700, File.GetUnixFileMode(_temp.Combine("a", "b")));
        Assert.Equal(Mode0700, File.GetUnixFileMode(deepest));
    }

    [Fact]
    public void CreatePrivateDirectory_Existing_LeavesItsModeAlone()
    {
        var existing = _temp.Combine("shared");
        Directory.CreateDirectory(existing, Mode0700 | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);

        DurableFile.CreatePrivateDirectory(existing);

        Assert.Equal(Mode0700 | UnixFileMode.GroupRead | UnixFileMode.GroupExecute, File.GetUnixFileMode(existing));
    }

    [Fact]
    public void CreatePrivate_NewFile_Is0600_AndAnExistingFileIsRefused()
    {
        var path = _temp.Combine("f");
        using (var stream = DurableFile.CreatePrivate(path))
        {
            stream.WriteByte(1);
        }

        Assert.Equal(Mode0600, File.GetUnixFileMode(path));
        Assert.Throws<IOException>(() => DurableFile.CreatePrivate(path).Dispose());
        Assert.Equal([1], File.ReadAllBytes(path));
    }

    [Fact]
    public void WriteAllBytes_NewFile_Is0600WithNoPartLeft()
    {
        var path = _temp.Combine("snap");

        DurableFile.WriteAllBytes(path, [1, 2, 3]);

        Assert.Equal([1, 2, 3], File.ReadAllBytes(path));
        Assert.Equal(Mode0600, File.GetUnixFileMode(path));
        Assert.Equal([path], Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public void WriteAllBytes_TargetExists_ThrowsAndKeepsItWithNoPartLeft()
    {
        var path = _temp.Combine("snap");
        File.WriteAllText(path, "precious");

        Assert.ThrowsAny<IOException>(() => DurableFile.WriteAllBytes(path, [1]));

        Assert.Equal("precious", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public async Task WriteAllBytesAsync_PartExists_RefusesAndLeavesTheOtherWritersPart()
    {
        var path = _temp.Combine("key");
        File.WriteAllText(path + DurableFile.PartSuffix, "another writer");

        await Assert.ThrowsAnyAsync<IOException>(() => DurableFile.WriteAllBytesAsync(path, new byte[] { 1 }, CancellationToken.None));

        Assert.False(File.Exists(path));
        Assert.Equal("another writer", File.ReadAllText(path + DurableFile.PartSuffix));
    }

    [Fact]
    public async Task WriteAtomicallyAsync_WriterFails_NoTargetAndNoPart()
    {
        var path = _temp.Combine("db");

        await Assert.ThrowsAsync<InvalidDataException>(() => DurableFile.WriteAtomicallyAsync(path, async (stream, ct) =>
        {
            await stream.WriteAsync(new byte[4096], ct);
            throw new InvalidDataException("verification failed");
        }, CancellationToken.None));

        Assert.Empty(Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public async Task WriteAtomicallyAsync_CanceledAfterWriting_NoTargetAndNoPart()
    {
        var path = _temp.Combine("db");
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DurableFile.WriteAtomicallyAsync(path, async (stream, ct) =>
        {
            await stream.WriteAsync(new byte[10], ct);
            await cancel.CancelAsync();
        }, cancel.Token));

        Assert.Empty(Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public void FsyncDirectory_Existing_Succeeds_Missing_ThrowsOrReturnsFalse()
    {
        DurableFile.FsyncDirectory(_temp.Path);
        Assert.True(DurableFile.TryFsyncDirectory(_temp.Path));

        var missing = _temp.Combine("missing");
        var e = Assert.Throws<IOException>(() => DurableFile.FsyncDirectory(missing));
        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
        Assert.False(DurableFile.TryFsyncDirectory(missing));
    }
}
