using EtcdSnap.Core.Backups;
using EtcdSnap.Testing;

namespace EtcdSnap.Core.Tests.Backups;

/// <summary>The feed against a stand-in saver that writes FILE.part, reports each write, and renames it at the end.</summary>
public sealed class SnapshotFeedTests : IDisposable
{
    private readonly TempDirectory _dir = new("etcdsnap-feed");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Read_AlongsideTheSave_DeliversEveryByteThenEnds()
    {
        var content = RandomBytes(300_000, seed: 1);
        var target = _dir.Combine("a.db");
        await using var feed = new SnapshotFeed(target);
        var reading = ReadAllAsync(feed);

        await SaveAsync(feed, target, content, pieceSize: 32 * 1024, pause: true);

        Assert.Equal(content, await reading);
        Assert.True(feed.DeliveredWhileSaving > 0, "nothing was read while the file was being written");
    }

    [Fact]
    public async Task Read_OnlyAfterTheSave_ReadsTheRenamedFile()
    {
        var content = RandomBytes(100_000, seed: 2);
        var target = _dir.Combine("b.db");
        await using var feed = new SnapshotFeed(target);

        await SaveAsync(feed, target, content, pieceSize: 3_000, pause: false);
        var read = await ReadAllAsync(feed);

        Assert.Equal(content, read);
        Assert.Equal(0, feed.DeliveredWhileSaving);
    }

    [Fact]
    public async Task Read_BeforeTheSaveCompletes_DoesNotEnd()
    {
        var content = RandomBytes(1000, seed: 3);
        var target = _dir.Combine("c.db");
        await using var feed = new SnapshotFeed(target);
        await WritePartAsync(feed, target, content, pieceSize: 100, pause: false);

        var buffer = new byte[4096];
        var total = 0;
        while (total < content.Length)
        {
            total += await feed.ReadAsync(buffer);
        }

        var next = feed.ReadAsync(buffer).AsTask();
        await Task.Delay(100);
        Assert.False(next.IsCompleted, "the feed ended before the save reported success");

        File.Move(target + ".part", target);
        feed.Complete(target);
        Assert.Equal(0, await next);
    }

    [Fact]
    public async Task Read_SaveFails_ThrowsTheSaveErrorInsteadOfEnding()
    {
        var target = _dir.Combine("d.db");
        await using var feed = new SnapshotFeed(target);
        await WritePartAsync(feed, target, new byte[10], pieceSize: 10, pause: false);
        var failure = new InvalidDataException("sha256 mismatch");

        File.Delete(target + ".part");
        feed.Fail(failure);

        var thrown = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(feed));
        Assert.Same(failure, thrown);
    }

    [Fact]
    public async Task Read_Cancelled_ThrowsOperationCanceled()
    {
        await using var feed = new SnapshotFeed(_dir.Combine("e.db"));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => feed.ReadAsync(new byte[10], cts.Token).AsTask());
    }

    private static async Task SaveAsync(SnapshotFeed feed, string target, byte[] content, int pieceSize, bool pause)
    {
        await WritePartAsync(feed, target, content, pieceSize, pause);
        File.Move(target + ".part", target);
        feed.Complete(target);
    }

    // Like SnapshotDownloader: FILE.part shared for reading, one write per piece, each followed by the length so far.
    private static async Task WritePartAsync(SnapshotFeed feed, string target, byte[] content, int pieceSize, bool pause)
    {
        await using var file = new FileStream(target + ".part", FileMode.CreateNew, FileAccess.Write, FileShare.Read, bufferSize: 0);
        for (var offset = 0; offset < content.Length; offset += pieceSize)
        {
            var n = Math.Min(pieceSize, content.Length - offset);
            file.Write(content, offset, n);
            feed.OnWritten(offset + n);
            if (pause)
            {
                await Task.Delay(1);
            }
        }
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var copy = new MemoryStream();
        var buffer = new byte[7000]; // not a multiple of the pieces, to cross their edges
        int n;
        while ((n = await stream.ReadAsync(buffer)) > 0)
        {
            copy.Write(buffer, 0, n);
        }

        return copy.ToArray();
    }

    private static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
