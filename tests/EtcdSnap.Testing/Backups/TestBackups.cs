using EtcdSnap.Storage;
using EtcdSnap.Storage.Backups;
using EtcdSnap.Storage.Encryption;

namespace EtcdSnap.Testing.Backups;

/// <summary>A local repository filled with backups of made-up bytes at chosen times, for the verbs and components that
/// read, list, prune and delete backups (what the snapshot holds does not matter to them).</summary>
public static class TestBackups
{
    /// <summary>Adds a backup of <paramref name="size"/> pseudo-random bytes made at <paramref name="at"/>.</summary>
    public static Task<BackupManifest> AddAsync(string repository, DateTimeOffset at, EncryptionKey? key = null, int size = 1000,
        IReadOnlyDictionary<string, string>? labels = null)
    {
        var content = new byte[size];
        new Random(at.Second + size).NextBytes(content);
        return AddAsync(repository, at, content, new BackupWriteOptions { EncryptionKey = key },
            new BackupSource { Revision = 100 + at.Day, Labels = labels ?? new Dictionary<string, string>() });
    }

    /// <summary>Adds a backup of <paramref name="content"/> made at <paramref name="at"/>, stored as <paramref name="options"/> say.</summary>
    public static async Task<BackupManifest> AddAsync(string repository, DateTimeOffset at, byte[] content, BackupWriteOptions options,
        BackupSource? source = null)
    {
        await using var backups = new BackupRepository(BackupStoreFactory.Create(BackupStoreUrl.Parse(repository)), new FixedTime(at));
        var result = await backups.WriteAsync(new MemoryStream(content), source ?? new BackupSource(), options, CancellationToken.None);
        return result.Manifest;
    }

    /// <summary>A folder with a snapshot object but no manifest, as an interrupted backup leaves it.</summary>
    public static string AddIncomplete(string repository, DateTimeOffset at)
    {
        var id = BackupId.New(at);
        Directory.CreateDirectory(Path.Combine(repository, id));
        File.WriteAllBytes(Path.Combine(repository, id, BackupLayout.SnapshotBaseName), new byte[123]);
        return id;
    }
}

/// <summary>A clock stopped at <paramref name="now"/>.</summary>
public sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
