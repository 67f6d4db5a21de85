using EtcdSnap.Formats.Snapshot;
using EtcdSnap.Formats.Tests.Support;
using EtcdSnap.Testing;

namespace EtcdSnap.Formats.Tests.Snapshot;

public sealed class SnapshotTrailerTests
{
    [Theory]
    [InlineData(81_952, true)]
    [InlineData(81_920, false)]
    [InlineData(32, true)]
    [InlineData(0, false)]
    [InlineData(544, true)]
    public void HasTrailer_SizeModulo512(long length, bool expected) => Assert.Equal(expected, SnapshotTrailer.HasTrailer(length));

    [Fact]
    public void Verify_EtcdctlSnapshot_Matches()
    {
        var progress = new List<long>();

        var check = SnapshotTrailer.Verify(Fixtures.VariedSnapshot, new SyncProgress(progress.Add));

        Assert.True(check.IsMatch);
        Assert.Equal(new FileInfo(Fixtures.VariedSnapshot).Length - 32, check.DbLength);
        Assert.Equal(check.DbLength, progress[^1]);
        Assert.Equal(check.Expected, SnapshotTrailer.ReadDigest(Fixtures.VariedSnapshot));
        check.ThrowIfMismatch();
    }

    [Fact]
    public void Verify_OneDbByteChanged_ReportsEtcdsMessage()
    {
        using var temp = new TempDirectory();
        var path = Fixtures.CopyTo(Fixtures.SmallSnapshot, temp.Path);
        using (var f = new FileStream(path, FileMode.Open, FileAccess.ReadWrite))
        {
            f.Position = 5000;
            var b = f.ReadByte();
            f.Position = 5000;
            f.WriteByte((byte)(b ^ 0x01));
        }

        var check = SnapshotTrailer.Verify(path);

        Assert.False(check.IsMatch);
        var e = Assert.Throws<CorruptDataException>(check.ThrowIfMismatch);
        Assert.Contains("expected sha256", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Verify_RawDb_ThrowsMissingHash()
    {
        var e = Assert.Throws<CorruptDataException>(() => SnapshotTrailer.Verify(Fixtures.VariedRaw));

        Assert.Contains("sha256 checksum not found", e.Message, StringComparison.Ordinal);
        Assert.NotNull(e.Hint);
    }

    [Fact]
    public void Verify_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.Throws<OperationCanceledException>(() => SnapshotTrailer.Verify(Fixtures.VariedSnapshot, null, cts.Token));
    }

    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
