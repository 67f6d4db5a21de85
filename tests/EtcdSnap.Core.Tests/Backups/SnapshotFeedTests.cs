using EtcdSnap.Core.Backups;
using EtcdSnap.Testing;

namespace EtcdSnap.Core.Tests.Backups;

public sealed class SnapshotFeedTests : IDisposable
{
    private readonly TempDirectory _dir = new("etcdsnap-feed");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Read_ReaderKeepsUp_DeliversEveryByteFromMemoryThenEnds()
    {
        var content = RandomBytes(300_000, seed: 1);
        await using var feed = new SnapshotFeed(capacity: 1 << 20);
        var reading = ReadAllAsync(feed);

        var path = WriteInPieces(feed, content, pieceSize: 32 * 1024);
        feed.Complete(path);

        Assert.Equal(content, await reading);
        Assert.False(feed.Overflowed);
    }

    [Fact]
    public async Task Read_ReaderFallsBehind_ContinuesFromTheFileAtTheRightOffset()
    {
        var content = RandomBytes(100_000, seed: 2);
        await using var feed = new SnapshotFeed(capacity: 10_000);

        // Nobody reads while the whole snapshot is written: the queue overflows after the first pieces.
        var path = WriteInPieces(feed, content, pieceSize: 3_000);
        feed.Complete(path);
        var read = await ReadAllAsync(feed);

        Assert.True(feed.Overflowed);
        Assert.Equal(content, read);
    }

    [Fact]
    public async Task Read_BeforeTheSaveCompletes_DoesNotEnd()
    {
        var content = RandomBytes(1000, seed: 3);
        await using var feed = new SnapshotFeed(capacity: 1 << 20);
        var path = WriteInPieces(feed, content, pieceSize: 100);

        var buffer = new byte[4096];
        var total = 0;
        while (total < content.Length)
        {
            total += await feed.ReadAsync(buffer);
        }

        var next = feed.ReadAsync(buffer).AsTask();
        await Task.Delay(100);
        Assert.False(next.IsCompleted, "the feed ended before the save reported success");

        feed.Complete(path);
        Assert.Equal(0, await next);
    }

    [Fact]
    public async Task Read_SaveFails_ThrowsTheSaveErrorInsteadOfEnding()
    {
        await using var feed = new SnapshotFeed(capacity: 1 << 20);
        feed.OnWritten(new byte[10]);
        var failure = new InvalidDataException("sha256 mismatch");

        feed.Fail(failure);

        var thrown = await Assert.ThrowsAsync<InvalidDataException>(() => ReadAllAsync(feed));
        Assert.Same(failure, thrown);
    }

    [Fact]
    public async Task Read_Cancelled_ThrowsOperationCanceled()
    {
        await using var feed = new SnapshotFeed(capacity: 1 << 20);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => feed.ReadAsync(new byte[10], cts.Token).AsTask());
    }

    private string WriteInPieces(SnapshotFeed feed, byte[] content, int pieceSize)
    {
        var path = _dir.Combine($"snapshot-{Guid.NewGuid():N}.db");
        using var file = File.Create(path);
        for (var offset = 0; offset < content.Length; offset += pieceSize)
        {
            // Like the downloader: each piece is its own buffer, written to the file, then handed to the tap.
            var piece = content.AsSpan(offset, Math.Min(pieceSize, content.Length - offset)).ToArray();
            file.Write(piece);
            feed.OnWritten(piece);
        }

        return path;
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
