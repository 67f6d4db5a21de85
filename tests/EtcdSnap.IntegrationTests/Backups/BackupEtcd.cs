using System.Text.Json;
using EtcdSnap.IntegrationTests.Etcd;
using EtcdSnap.Testing;
using EtcdSnap.Testing.Emulators;

namespace EtcdSnap.IntegrationTests.Backups;

/// <summary>
/// A real etcd on 127.0.0.1 with a few MB of data (2,000 keys of 2 KiB random bytes: several 1 MiB encryption chunks),
/// an <c>etcdctl snapshot save</c> of it as the independent reference, and the object-store emulators' development
/// credentials in the environment (the CLI reads them there, as it would on a node).
/// </summary>
public sealed class BackupEtcd : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _dir = new("etcdsnap-backup-it");

    public EtcdProcess Etcd { get; private set; } = null!;

    public string ReferenceSnapshot => _dir.Combine("etcdctl.db");

    public string KeyFile => _dir.Combine("backup.key");

    public string OtherKeyFile => _dir.Combine("other.key");

    /// <summary>etcdctl's status of <see cref="ReferenceSnapshot"/>: hash, revision, total keys, total size.</summary>
    public (long Hash, long Revision, long TotalKey, long TotalSize) ReferenceStatus { get; private set; }

    public string NewDirectory(string name)
    {
        var path = _dir.Combine(name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }

    public async Task InitializeAsync()
    {
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", S3rverFixture.AccessKey);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", S3rverFixture.SecretKey);
        Environment.SetEnvironmentVariable("AZURE_STORAGE_ACCOUNT", AzuriteFixture.Account);
        Environment.SetEnvironmentVariable("AZURE_STORAGE_KEY", AzuriteFixture.AccountKey);

        Etcd = await EtcdProcess.StartAsync();
        using (var factory = EtcdTestClient.Factory(Etcd))
        using (var client = factory.CreateMemberClient())
        {
            await EtcdTestClient.LoadAsync(client, "/registry/configmaps/default/cm-", count: 2000, valueSize: 2048);
        }

        await Etcd.Etcdctl.CheckedAsync("snapshot", "save", ReferenceSnapshot);
        ReferenceStatus = await EtcdctlStatusAsync(ReferenceSnapshot);
        Assert.True(new FileInfo(ReferenceSnapshot).Length > 3 << 20, "the snapshot should span several encryption chunks");
        Assert.Equal(0, (await BackupCli.RunAsync("key", "generate", "--output", KeyFile)).ExitCode);
        Assert.Equal(0, (await BackupCli.RunAsync("key", "generate", "--output", OtherKeyFile)).ExitCode);
    }

    public async Task DisposeAsync() => await Etcd.DisposeAsync();

    public void Dispose() => _dir.Dispose();

    public static async Task<(long, long, long, long)> EtcdctlStatusAsync(string file)
    {
        var json = (await Etcdctl.OfflineAsync("snapshot", "status", file, "-w", "json")).EnsureSuccess("etcdctl snapshot status").Stdout;
        return StatusOf(json);
    }

    /// <summary>Hash, revision, total keys and total size from etcdctl's or etcdsnap's <c>status -o json</c>.</summary>
    public static (long, long, long, long) StatusOf(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var r = doc.RootElement;
        return (r.GetProperty("hash").GetInt64(), r.GetProperty("revision").GetInt64(), r.GetProperty("totalKey").GetInt64(),
            r.GetProperty("totalSize").GetInt64());
    }
}
