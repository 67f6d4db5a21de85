using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using EtcdSnap.Formats;
using EtcdSnap.Formats.IO;
using EtcdSnap.Storage.Compression;
using EtcdSnap.Storage.Encryption;
using EtcdSnap.Storage.Streams;

namespace EtcdSnap.Storage.Backups;

/// <summary>
/// Backups in an <see cref="IBackupStore"/>: each is a folder <c>&lt;id&gt;/</c> holding the snapshot object
/// (<c>snapshot.db[.zst][.enc]</c>) and the manifest <c>backup.json</c>, written last. Everything streams:
/// a snapshot is never held whole in memory, on the way in or out.
/// </summary>
public sealed partial class BackupRepository : IAsyncDisposable
{
    private const int ManifestReadConcurrency = 8;

    private static readonly string s_toolVersion =
        typeof(BackupRepository).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "unknown";

    private readonly TimeProvider _time;
    private readonly bool _ownsStore;

    /// <summary>A repository over <paramref name="store"/>.</summary>
    /// <param name="store">Where the backups live.</param>
    /// <param name="time">The clock for backup ids and times (tests pass a fake).</param>
    /// <param name="ownsStore">Dispose the store with the repository.</param>
    public BackupRepository(IBackupStore store, TimeProvider? time = null, bool ownsStore = true)
    {
        ArgumentNullException.ThrowIfNull(store);
        Store = store;
        _time = time ?? TimeProvider.System;
        _ownsStore = ownsStore;
    }

    /// <summary>The store underneath.</summary>
    public IBackupStore Store { get; }

    /// <summary>The repository URL, for messages.</summary>
    public string Location => Store.Location;

    /// <summary>True for a local repository whose directory does not exist: usually a mistyped --repo, since every
    /// backup creates it. Object stores have no such notion (a missing bucket is an error of its own).</summary>
    public bool IsMissingLocalDirectory => Store is Local.LocalDirectoryStore local && !Directory.Exists(local.Root);

    /// <summary>
    /// Writes a backup of <paramref name="plainSnapshot"/> (read to its end, not disposed): sha256 of the plain
    /// bytes, then zstd, then encryption, streamed into the snapshot object; then the manifest.
    /// </summary>
    /// <exception cref="StorageUnavailableException">The store failed; the backup is not visible.</exception>
    public Task<BackupWriteResult> WriteAsync(Stream plainSnapshot, BackupSource source, BackupWriteOptions options,
        CancellationToken cancellationToken) =>
        WriteAsync(plainSnapshot, _ => ValueTask.FromResult(source), options, cancellationToken);

    /// <summary>
    /// As <see cref="WriteAsync(Stream, BackupSource, BackupWriteOptions, CancellationToken)"/>, asking
    /// <paramref name="describe"/> for the manifest's facts after the snapshot was stored (for facts such as the
    /// key count that are only known once the whole snapshot went by).
    /// </summary>
    /// <exception cref="StorageUnavailableException">The store failed; the backup is not visible.</exception>
    public async Task<BackupWriteResult> WriteAsync(Stream plainSnapshot, Func<CancellationToken, ValueTask<BackupSource>> describe,
        BackupWriteOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plainSnapshot);
        ArgumentNullException.ThrowIfNull(describe);
        ArgumentNullException.ThrowIfNull(options);
        var started = Stopwatch.GetTimestamp();
        var createdAt = _time.GetUtcNow();
        var id = BackupId.New(createdAt);
        var compressed = options.CompressionLevel is not null;
        var key = options.EncryptionKey;
        var objectName = BackupLayout.SnapshotObjectName(compressed, key is not null);
        var snapshotKey = BackupLayout.SnapshotKey(id, objectName);

        var hashing = new HashingReadStream(plainSnapshot, hash: options.PlainSha256 is null, leaveOpen: true);
        Stream pipeline = hashing;
        if (options.CompressionLevel is { } level)
        {
            pipeline = BackupCompression.Compress(pipeline, level);
        }

        if (key is not null)
        {
            pipeline = BackupEncryption.Encrypt(pipeline, key, options.EncryptionChunkSize);
        }

        var counting = new HashingReadStream(pipeline, hash: false);
        await using (counting.ConfigureAwait(false))
        {
            await Store.PutAsync(snapshotKey, counting, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            Debug.Assert(hashing.Completed, "the store returned before reading its content to the end");
            var facts = await describe(cancellationToken).ConfigureAwait(false);
            var manifest = new BackupManifest
            {
                Id = id,
                CreatedAt = createdAt,
                ClusterId = facts.ClusterId,
                Member = facts.Member,
                MemberId = facts.MemberId,
                Endpoint = facts.Endpoint,
                EtcdVersion = facts.EtcdVersion,
                Revision = facts.Revision,
                DbSize = hashing.Length64,
                KeyCount = facts.KeyCount,
                Sha256 = options.PlainSha256 is { } known ? KnownSha256(known) : hashing.Sha256Hex,
                SnapshotObject = objectName,
                StoredSize = counting.Length64,
                Compression = compressed ? BackupLayout.CompressionZstd : BackupLayout.CompressionNone,
                CompressionLevel = options.CompressionLevel,
                Encryption = key is null ? BackupLayout.EncryptionNone : BackupLayout.EncryptionAesGcm,
                EncryptionKeyId = key?.Id,
                ToolVersion = options.ToolVersion ?? s_toolVersion,
                Labels = facts.Labels,
            };
            var json = BackupManifestJson.Serialize(manifest);
            await Store.PutAsync(BackupLayout.ManifestKey(id), new MemoryStream(json, writable: false), cancellationToken)
                .ConfigureAwait(false);
            return new BackupWriteResult(manifest, Location, Stopwatch.GetElapsedTime(started));
        }
        catch
        {
            // Without its manifest the snapshot is an incomplete backup that nothing uses; do not leave it behind.
            await TryDeleteAsync(snapshotKey).ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Lists the repository: complete backups newest first, and what is incomplete or broken.</summary>
    /// <exception cref="StorageUnavailableException">The store failed.</exception>
    public async Task<BackupListing> ListAsync(CancellationToken cancellationToken)
    {
        var folders = new Dictionary<string, List<StoredObject>>(StringComparer.Ordinal);
        await foreach (var o in Store.ListAsync("", cancellationToken).ConfigureAwait(false))
        {
            var slash = o.Key.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0 && BackupId.IsValid(o.Key[..slash]))
            {
                var id = o.Key[..slash];
                if (!folders.TryGetValue(id, out var list))
                {
                    folders[id] = list = [];
                }

                list.Add(o);
            }
        }

        var complete = new ConcurrentBag<BackupManifest>();
        var problems = new ConcurrentBag<BackupProblem>();
        var incomplete = new ConcurrentBag<IncompleteBackup>();
        var withManifest = new List<(string Id, List<StoredObject> Objects)>();
        foreach (var (id, objects) in folders)
        {
            if (objects.Any(o => o.Key == BackupLayout.ManifestKey(id)))
            {
                withManifest.Add((id, objects));
            }
            else
            {
                incomplete.Add(new IncompleteBackup(id, objects.Count, objects.Sum(o => o.Size), objects.Max(o => o.LastModified)));
            }
        }

        var parallel = new ParallelOptions { MaxDegreeOfParallelism = ManifestReadConcurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(withManifest, parallel, async (folder, ct) =>
        {
            try
            {
                var manifest = await ReadManifestAsync(folder.Id, ct).ConfigureAwait(false);
                var snapshot = folder.Objects.FirstOrDefault(o => o.Key == BackupLayout.SnapshotKey(folder.Id, manifest.SnapshotObject));
                if (snapshot is null)
                {
                    problems.Add(new BackupProblem(folder.Id, $"snapshot object \"{manifest.SnapshotObject}\" is missing"));
                }
                else if (snapshot.Size != manifest.StoredSize)
                {
                    problems.Add(new BackupProblem(folder.Id,
                        $"snapshot object \"{manifest.SnapshotObject}\" is {snapshot.Size} bytes; the manifest records {manifest.StoredSize}"));
                }
                else
                {
                    complete.Add(manifest);
                }
            }
            catch (CorruptDataException e)
            {
                problems.Add(new BackupProblem(folder.Id, e.Reason));
            }
            catch (StorageObjectNotFoundException)
            {
                incomplete.Add(new IncompleteBackup(folder.Id, folder.Objects.Count, folder.Objects.Sum(o => o.Size),
                    folder.Objects.Max(o => o.LastModified)));
            }
        }).ConfigureAwait(false);

        return new BackupListing(
            [.. complete.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id, StringComparer.Ordinal)],
            [.. incomplete.OrderByDescending(i => i.Id, StringComparer.Ordinal)],
            [.. problems.OrderByDescending(p => p.Id, StringComparer.Ordinal)]);
    }

    /// <summary>The manifest of a complete backup, by id or <c>latest</c>.</summary>
    /// <exception cref="BackupNotFoundException">No such complete backup.</exception>
    /// <exception cref="CorruptDataException">Its manifest is unreadable.</exception>
    /// <exception cref="StorageUnavailableException">The store failed.</exception>
    public async Task<BackupManifest> GetAsync(string idOrLatest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idOrLatest);
        if (idOrLatest == BackupId.Latest)
        {
            var listing = await ListAsync(cancellationToken).ConfigureAwait(false);
            return listing.Backups.Count > 0 ? listing.Backups[0] : throw new BackupNotFoundException(Location, BackupId.Latest, IsMissingLocalDirectory);
        }

        if (!BackupId.IsValid(idOrLatest))
        {
            throw new BackupNotFoundException(Location, idOrLatest, IsMissingLocalDirectory);
        }

        try
        {
            return await ReadManifestAsync(idOrLatest, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageObjectNotFoundException)
        {
            throw new BackupNotFoundException(Location, idOrLatest, IsMissingLocalDirectory);
        }
    }

    /// <summary>
    /// Opens a backup's snapshot as a stream of the plain bytes: download, decrypt, decompress, all streaming.
    /// The read that reaches the end throws <see cref="CorruptDataException"/> when the sha256 or size differ
    /// from the manifest, so treat the bytes as unverified until the stream ends cleanly.
    /// </summary>
    /// <exception cref="EncryptionKeyRequiredException">The backup is encrypted and <paramref name="key"/> is null.</exception>
    /// <exception cref="CorruptDataException">The snapshot object is missing (reads: wrong key, tampering, mismatch).</exception>
    /// <exception cref="StorageUnavailableException">The store failed.</exception>
    public async Task<Stream> OpenSnapshotAsync(BackupManifest manifest, EncryptionKey? key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.IsEncrypted && key is null)
        {
            throw new EncryptionKeyRequiredException(manifest.Id, manifest.EncryptionKeyId);
        }

        var objectKey = BackupLayout.SnapshotKey(manifest.Id, manifest.SnapshotObject);
        var path = $"{Location}/{objectKey}";
        Stream stream;
        try
        {
            stream = await Store.OpenReadAsync(objectKey, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageObjectNotFoundException e)
        {
            throw new CorruptDataException(path, null, "the backup's snapshot object is missing", e);
        }

        if (manifest.IsEncrypted)
        {
            stream = BackupEncryption.Decrypt(stream, key!, path);
        }

        if (manifest.Compression == BackupLayout.CompressionZstd)
        {
            stream = BackupCompression.Decompress(stream, path);
        }

        return new VerifyingReadStream(stream, path, manifest.Sha256, manifest.DbSize);
    }

    /// <summary>
    /// Downloads and verifies a backup's snapshot into <paramref name="destination"/>, a new file (0600) written
    /// as <c>.part</c>, fsynced and renamed only after verification; nothing is left on failure.
    /// </summary>
    /// <exception cref="IOException"><paramref name="destination"/> exists or cannot be written.</exception>
    /// <exception cref="CorruptDataException">Wrong key, tampering, or a sha256 or size mismatch.</exception>
    /// <exception cref="StorageUnavailableException">The store failed.</exception>
    public async Task DownloadSnapshotAsync(BackupManifest manifest, EncryptionKey? key, string destination,
        CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(destination);
        if (File.Exists(full))
        {
            throw new IOException($"{full}: already exists; refusing to overwrite it");
        }

        await DurableFile.WriteAtomicallyAsync(full, async (file, ct) =>
        {
            var source = await OpenSnapshotAsync(manifest, key, ct).ConfigureAwait(false);
            await using (source.ConfigureAwait(false))
            {
                await CopyAsync(source, file, ct).ConfigureAwait(false);
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes a backup: the manifest first, so that a half-finished delete leaves an incomplete backup.</summary>
    /// <exception cref="BackupNotFoundException">The repository has no objects for <paramref name="id"/>.</exception>
    /// <exception cref="StorageUnavailableException">The store failed.</exception>
    public async Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (id == BackupId.Latest || !BackupId.IsValid(id))
        {
            throw new ArgumentException($"\"{id}\" is not a backup id", nameof(id));
        }

        var keys = new List<string>();
        await foreach (var o in Store.ListAsync(id + "/", cancellationToken).ConfigureAwait(false))
        {
            keys.Add(o.Key);
        }

        if (keys.Count == 0)
        {
            throw new BackupNotFoundException(Location, id, IsMissingLocalDirectory);
        }

        var manifestKey = BackupLayout.ManifestKey(id);
        await Store.DeleteAsync(manifestKey, cancellationToken).ConfigureAwait(false);
        foreach (var key in keys.Where(k => k != manifestKey))
        {
            await Store.DeleteAsync(key, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string KnownSha256(Func<string> known) =>
        known() is { Length: 64 } hex && hex.All(char.IsAsciiHexDigitLower)
            ? hex
            : throw new InvalidOperationException("BackupWriteOptions.PlainSha256 must give 64 lower-case hex digits");

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _ownsStore ? Store.DisposeAsync() : ValueTask.CompletedTask;

    private async Task<BackupManifest> ReadManifestAsync(string id, CancellationToken cancellationToken)
    {
        var key = BackupLayout.ManifestKey(id);
        var path = $"{Location}/{key}";
        var stream = await Store.OpenReadAsync(key, cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int n;
            while ((n = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + n > BackupManifestJson.MaxSize)
                {
                    throw new CorruptDataException(path, buffer.Length, $"larger than {BackupManifestJson.MaxSize} bytes; not a manifest");
                }

                buffer.Write(chunk, 0, n);
            }

            return BackupManifestJson.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), path, id);
        }
    }

    private async Task TryDeleteAsync(string key)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await Store.DeleteAsync(key, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is StorageUnavailableException or OperationCanceledException)
        {
            // Best effort: a leftover snapshot without manifest is ignored by listing, latest and retention.
        }
    }

    private static async Task CopyAsync(Stream source, Stream destination, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            int n;
            while ((n = await source.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                await destination.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
