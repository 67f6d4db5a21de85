using System.Diagnostics;
using System.Security.Cryptography;
using Etcdserverpb;
using EtcdSnap.Formats;
using EtcdSnap.Testing;
using Google.Protobuf;
using Grpc.Core;

namespace EtcdSnap.Etcd.Tests;

/// <summary>
/// The download logic against fabricated streams: the cases a real etcd does not produce on demand (no digest, a wrong
/// digest, a short stream). The real-etcd cases are in EtcdSnap.IntegrationTests/Etcd.
/// </summary>
public sealed class SnapshotDownloaderTests : IDisposable
{
    private const int Chunk = 32 * 1024;
    private readonly TempDirectory _temp = new();
    private readonly EtcdClientFactory _factory = EtcdClientFactory.Create(new EtcdConnectionOptions { Endpoints = ["127.0.0.1:1"] });
    private readonly EtcdMemberClient _member;
    private readonly byte[] _data = RandomNumberGenerator.GetBytes(5 * Chunk + 123);

    public SnapshotDownloaderTests() => _member = _factory.CreateMemberClient();

    public void Dispose()
    {
        _member.Dispose();
        _factory.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task Download_ValidStream_WritesDataAndDigestPrivately()
    {
        var digest = SHA256.HashData(_data);
        Serve(Messages(_data, digest));
        var target = _temp.Combine("a", "b", "snap.db");
        var reports = new List<SnapshotProgress>();

        var result = await SnapshotDownloader.DownloadAsync(_member, target, new SyncProgress(reports.Add));

        Assert.Equal([.. _data, .. digest], File.ReadAllBytes(target));
        Assert.Equal(Convert.ToHexStringLower(digest), result.Sha256);
        Assert.Equal(_data.Length + 32, result.Size);
        Assert.Equal(target, result.Path);
        Assert.Equal("127.0.0.1:1", result.Endpoint);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(target));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_temp.Combine("a")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(_temp.Combine("a", "b")));
        Assert.False(File.Exists(target + ".part"));
        Assert.Equal(_data.Length + 32L, reports[^1].BytesReceived);
        Assert.All(reports, r => Assert.Equal(_data.Length + 32L, r.TotalBytes));
        Assert.Equal(1.0, reports[^1].Fraction);
    }

    [Fact]
    public async Task Download_StreamWithoutDigest_ThrowsCorruptAndLeavesNothing()
    {
        Serve(Messages(_data, digest: null));
        var target = _temp.Combine("snap.db");

        var e = await Assert.ThrowsAsync<CorruptDataException>(() => SnapshotDownloader.DownloadAsync(_member, target));

        Assert.Equal("snapshot stream from 127.0.0.1:1", e.Path);
        Assert.Contains("without etcd's 32-byte sha256 digest", e.Message, StringComparison.Ordinal);
        AssertNothingLeft(target);
    }

    [Fact]
    public async Task Download_WrongDigest_ThrowsCorruptAndLeavesNothing()
    {
        var wrong = SHA256.HashData(_data);
        wrong[7] ^= 1;
        Serve(Messages(_data, wrong));
        var target = _temp.Combine("snap.db");

        var e = await Assert.ThrowsAsync<CorruptDataException>(() => SnapshotDownloader.DownloadAsync(_member, target));

        Assert.Contains($"sha256 mismatch: etcd sent {Convert.ToHexStringLower(wrong)}", e.Message, StringComparison.Ordinal);
        Assert.Equal(_data.Length, e.Offset);
        AssertNothingLeft(target);
    }

    [Fact]
    public async Task Download_StreamShorterThanAnnounced_ThrowsCorrupt()
    {
        var messages = Messages(_data, SHA256.HashData(_data));
        messages[0].RemainingBytes += 100;
        Serve(messages);
        var target = _temp.Combine("snap.db");

        var e = await Assert.ThrowsAsync<CorruptDataException>(() => SnapshotDownloader.DownloadAsync(_member, target));

        Assert.Contains("but the first message announced", e.Message, StringComparison.Ordinal);
        AssertNothingLeft(target);
    }

    [Fact]
    public async Task Download_StreamStalls_WatchdogFailsWithinLimit()
    {
        Serve(Messages(_data, SHA256.HashData(_data)).Take(2), hang: true);
        var target = _temp.Combine("snap.db");
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<EtcdUnavailableException>(() => SnapshotDownloader.DownloadAsync(_member, target,
            options: new SnapshotDownloadOptions { StallTimeout = TimeSpan.FromMilliseconds(300) }));

        Assert.Equal($"127.0.0.1:1: snapshot stream stalled after 64.0 KiB of {SnapshotDownloader.Bytes(_data.Length + 32)}: no data for 300ms (stall limit)",
            e.Message);
        Assert.True(e.IsTransient);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
        AssertNothingLeft(target);
    }

    [Fact]
    public async Task Download_StreamBreaks_NamesHowFarItGot()
    {
        var broken = new RpcException(new Status(StatusCode.Unavailable, "Error reading next message.",
            new IOException("The response ended prematurely.")));
        Serve(Messages(_data, SHA256.HashData(_data)).Take(3), failWith: broken);
        var target = _temp.Combine("snap.db");

        var e = await Assert.ThrowsAsync<EtcdUnavailableException>(() => SnapshotDownloader.DownloadAsync(_member, target));

        Assert.StartsWith("127.0.0.1:1: snapshot stream broke after 96.0 KiB of ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        AssertNothingLeft(target);
    }

    [Fact]
    public async Task Download_Canceled_ThrowsCanceledAndLeavesNothing()
    {
        Serve(Messages(_data, SHA256.HashData(_data)).Take(1), hang: true);
        var target = _temp.Combine("snap.db");
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            SnapshotDownloader.DownloadAsync(_member, target, cancellationToken: cts.Token));

        AssertNothingLeft(target);
    }

    [Fact]
    public async Task Download_TargetExists_RefusesAndKeepsIt()
    {
        Serve(Messages(_data, SHA256.HashData(_data)));
        var target = _temp.Combine("snap.db");
        File.WriteAllText(target, "keep me");

        var e = await Assert.ThrowsAsync<SnapshotFileException>(() => SnapshotDownloader.DownloadAsync(_member, target));

        Assert.Equal(SnapshotFileProblem.TargetExists, e.Problem);
        Assert.Equal($"snapshot file \"{target}\" already exists; refusing to overwrite it", e.Message);
        Assert.Equal("keep me", File.ReadAllText(target));
        Assert.False(File.Exists(target + ".part"));
    }

    [Fact]
    public async Task Download_PartFileExists_RefusesAndKeepsIt()
    {
        Serve(Messages(_data, SHA256.HashData(_data)));
        var target = _temp.Combine("snap.db");
        File.WriteAllText(target + ".part", "another save");

        var e = await Assert.ThrowsAsync<SnapshotFileException>(() => SnapshotDownloader.DownloadAsync(_member, target));

        Assert.Equal(SnapshotFileProblem.PartFileExists, e.Problem);
        Assert.Contains("another save is writing it", e.Message, StringComparison.Ordinal);
        Assert.Equal("another save", File.ReadAllText(target + ".part"));
        Assert.False(File.Exists(target));
    }

    private static void AssertNothingLeft(string target)
    {
        Assert.False(File.Exists(target), "target must not exist");
        Assert.False(File.Exists(target + ".part"), "part file must be removed");
    }

    /// <summary>The db in 32 KiB messages counting remaining_bytes down to 0, then the digest (also remaining 0), as etcd sends.</summary>
    private static List<SnapshotResponse> Messages(byte[] data, byte[]? digest)
    {
        var list = new List<SnapshotResponse>();
        for (var offset = 0; offset < data.Length; offset += Chunk)
        {
            var length = Math.Min(Chunk, data.Length - offset);
            list.Add(new SnapshotResponse
            {
                RemainingBytes = (ulong)(data.Length - offset - length),
                Blob = ByteString.CopyFrom(data, offset, length),
            });
        }

        if (digest is not null)
        {
            list.Add(new SnapshotResponse { Blob = ByteString.CopyFrom(digest) });
        }

        return list;
    }

    private void Serve(IEnumerable<SnapshotResponse> messages, bool hang = false, Exception? failWith = null) =>
        _member.OpenSnapshot = options => new AsyncServerStreamingCall<SnapshotResponse>(
            new FakeReader([.. messages], hang, failWith, options.CancellationToken),
            Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => [], () => { });

    private sealed class FakeReader(List<SnapshotResponse> messages, bool hang, Exception? failWith, CancellationToken callToken)
        : IAsyncStreamReader<SnapshotResponse>
    {
        private int _next = -1;

        public SnapshotResponse Current => messages[_next];

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            if (++_next < messages.Count)
            {
                return true;
            }

            if (failWith is not null)
            {
                throw failWith;
            }

            if (hang)
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, callToken);
                }
                catch (OperationCanceledException)
                {
                    throw new RpcException(new Status(StatusCode.Cancelled, "Call canceled by the client."));
                }
            }

            return false;
        }
    }

    private sealed class SyncProgress(Action<SnapshotProgress> report) : IProgress<SnapshotProgress>
    {
        public void Report(SnapshotProgress value) => report(value);
    }
}
