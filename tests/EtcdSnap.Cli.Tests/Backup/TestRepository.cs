using EtcdSnap.Storage;
using EtcdSnap.Storage.Backups;
using EtcdSnap.Storage.Encryption;

namespace EtcdSnap.Cli.Tests.Backup;

/// <summary>A local repository filled with backups of made-up bytes at chosen times (the verbs under test read, list,
/// prune and delete; what the snapshot holds does not matter to them).</summary>
internal static class TestRepository
{
    public static async Task<BackupManifest> AddAsync(string directory, DateTimeOffset at, EncryptionKey? key = null, int size = 1000,
        IReadOnlyDictionary<string, string>? labels = null)
    {
        await using var repository = new BackupRepository(BackupStoreFactory.Create(BackupStoreUrl.Parse(directory)), new FixedTime(at));
        var content = new byte[size];
        new Random(at.Second + size).NextBytes(content);
        var result = await repository.WriteAsync(new MemoryStream(content),
            new BackupSource { Revision = 100 + at.Day, Labels = labels ?? new Dictionary<string, string>() },
            new BackupWriteOptions { EncryptionKey = key }, CancellationToken.None);
        return result.Manifest;
    }

    /// <summary>A folder with a snapshot object but no manifest, as an interrupted backup leaves it.</summary>
    public static string AddIncomplete(string directory, DateTimeOffset at)
    {
        var id = BackupId.New(at);
        Directory.CreateDirectory(Path.Combine(directory, id));
        File.WriteAllBytes(Path.Combine(directory, id, BackupLayout.SnapshotBaseName), new byte[123]);
        return id;
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
