using System.Security.Cryptography;
using System.Text.Json;
using EtcdSnap.Core.Node;
using EtcdSnap.Etcd;
using EtcdSnap.Testing;

namespace EtcdSnap.IntegrationTests.Etcd;

/// <summary>Saving a snapshot from real etcd, compared with <c>etcdctl snapshot save</c> of the same revision.</summary>
[Collection(EtcdSerial.Name)]
public sealed class SnapshotDownloaderTests
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateDir = Private | UnixFileMode.UserExecute;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DownloadAsync_NoWritesBetween_ByteIdenticalToEtcdctl(bool tls)
    {
        // Given a member with some data
        using var temp = new TempDirectory();
        await using var etcd = await EtcdProcess.StartAsync(new EtcdProcessOptions { Tls = tls ? TestPki.Create(temp.Combine("pki")).EtcdFiles : null });
        using var factory = EtcdTestClient.Factory(etcd);
        using var client = factory.CreateMemberClient();
        await EtcdTestClient.LoadAsync(client, "/registry/configmaps/default/cm-", 300, 4_000);
        var before = await client.StatusAsync();

        // When we and etcdctl both save it
        var ours = temp.Combine("backups", "2026", "ours.db");
        var progress = new List<SnapshotProgress>();
        var result = await SnapshotDownloader.DownloadAsync(client, ours, new InlineProgress<SnapshotProgress>(progress.Add));
        var theirs = temp.Combine("theirs.db");
        await etcd.Etcdctl.CheckedAsync("snapshot", "save", theirs);
        var after = await client.StatusAsync();

        // Then the files are the same bytes, and the file is what the result says
        Assert.Equal(before.Revision, after.Revision);
        Assert.Equal(File.ReadAllBytes(theirs), File.ReadAllBytes(ours));
        var bytes = File.ReadAllBytes(ours);
        Assert.Equal(bytes.Length, result.Size);
        Assert.Equal(after.DbSize + 32, result.Size); // the snapshot committed the backend, so the size is current
        Assert.Equal(32, bytes.Length % 512);
        Assert.Equal(SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32)), bytes[^32..]);
        Assert.Equal(Convert.ToHexStringLower(bytes[^32..]), result.Sha256);
        Assert.Equal(etcd.ClientUrl, result.Endpoint);
        Assert.Equal(Private, File.GetUnixFileMode(ours));
        Assert.Equal(PrivateDir, File.GetUnixFileMode(temp.Combine("backups")));
        Assert.Equal(PrivateDir, File.GetUnixFileMode(temp.Combine("backups", "2026")));
        Assert.Equal(["ours.db"], Directory.GetFiles(temp.Combine("backups", "2026")).Select(Path.GetFileName));
        Assert.Equal(result.Size, progress[^1].BytesReceived);
        Assert.Equal(result.Size, progress[0].TotalBytes);

        // And etcdctl accepts it with the revision and key count of the live member
        var status = await Etcdctl.OfflineAsync("snapshot", "status", ours, "-w", "json");
        status.EnsureSuccess("etcdctl snapshot status");
        using var json = JsonDocument.Parse(status.Stdout);
        Assert.Equal(before.Revision, json.RootElement.GetProperty("revision").GetInt64());
        Assert.True(json.RootElement.GetProperty("totalKey").GetInt32() >= 300);
        Assert.Equal(result.Size - 32, json.RootElement.GetProperty("totalSize").GetInt64());
    }

    [Fact]
    public async Task DownloadAsync_RestoredByEtcdctl_ServesTheData()
    {
        using var temp = new TempDirectory();
        await using var etcd = await EtcdProcess.StartAsync();
        using var factory = EtcdTestClient.Factory(etcd);
        using var client = factory.CreateMemberClient();
        await client.PutAsync("/registry/secrets/kube-system/token", "s3cret");
        var snapshot = temp.Combine("snap.db");
        await SnapshotDownloader.DownloadAsync(client, snapshot);

        // etcdctl restore checks the sha256 trailer: it fails on a file whose digest does not match.
        var peerPort = LoopbackPorts.Next();
        var restore = await Etcdctl.OfflineAsync("snapshot", "restore", snapshot, "--name", "restored", "--data-dir", temp.Combine("restored"),
            "--initial-cluster", $"restored=http://127.0.0.1:{peerPort}", "--initial-advertise-peer-urls", $"http://127.0.0.1:{peerPort}");
        restore.EnsureSuccess("etcdctl snapshot restore");
        await using var restored = await EtcdProcess.StartAsync(new EtcdProcessOptions
        {
            Name = "restored",
            DataDir = temp.Combine("restored"),
            PeerPort = peerPort,
            InitialCluster = $"restored=http://127.0.0.1:{peerPort}",
        });

        Assert.Equal("/registry/secrets/kube-system/token\ns3cret\n", await restored.Etcdctl.CheckedAsync("get", "/registry/secrets/kube-system/token"));
    }
}
