using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using EtcdSnap.Formats.IO;

namespace EtcdSnap.Storage.Local;

/// <summary>
/// A backup store in a directory of this machine. A put writes a hidden temporary next to the target
/// (<c>.NAME.RANDOM.part</c>, mode 0600), fsyncs it, links it into place without overwriting, and fsyncs the
/// directory; directories it creates are 0700. Listing skips dot-files, so temporaries are never visible.
/// </summary>
public sealed class LocalDirectoryStore : IBackupStore
{
    private const int CopyBufferSize = 1 << 20;

    private readonly string _root;

    /// <summary>Creates the store over <paramref name="directory"/> (created with mode 0700 on the first put).</summary>
    public LocalDirectoryStore(string directory)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        _root = Path.GetFullPath(directory);
        Location = "file://" + _root;
    }

    /// <inheritdoc />
    public string Location { get; }

    /// <summary>The absolute directory this store writes into.</summary>
    public string Root => _root;

    /// <inheritdoc />
    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        ObjectKey.Validate(key);
        ArgumentNullException.ThrowIfNull(content);
        var target = PathOf(key);
        var directory = Path.GetDirectoryName(target)!;
        var random = RandomNumberGenerator.GetHexString(8, lowercase: true);
        var temp = Path.Combine(directory, $".{Path.GetFileName(target)}.{random}{DurableFile.PartSuffix}");
        Io(key, "create directory", () => DurableFile.CreatePrivateDirectory(directory));
        if (File.Exists(target))
        {
            throw new StorageObjectExistsException(Location, key);
        }

        var stored = false;
        try
        {
            var file = Io(key, "create", () => DurableFile.CreatePrivate(temp, FileAccess.Write, FileShare.None, bufferSize: 0,
                FileOptions.Asynchronous));
            await using (file.ConfigureAwait(false))
            {
                await CopyAsync(key, content, file, cancellationToken).ConfigureAwait(false);
                Io(key, "fsync", () => file.Flush(flushToDisk: true));
            }

            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                // On Unix, .NET moves without overwriting by link(2)+unlink(2): atomic, and EEXIST if raced.
                File.Move(temp, target, overwrite: false);
            }
            catch (IOException) when (File.Exists(target))
            {
                throw new StorageObjectExistsException(Location, key);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Failure(key, "rename into place", e);
            }

            Io(key, "fsync directory", () => DurableFile.FsyncDirectory(directory));
            stored = true;
        }
        finally
        {
            TryDelete(temp);
            if (!stored)
            {
                TryRemoveEmptyParents(directory); // a failed first put into a backup's folder leaves no empty folder
            }
        }
    }

    /// <inheritdoc />
    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKey.Validate(key);
        cancellationToken.ThrowIfCancellationRequested();
        try
        {
            Stream stream = new FileStream(PathOf(key), new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.Read,
                BufferSize = 0,
                Options = FileOptions.SequentialScan | FileOptions.Asynchronous,
            });
            return Task.FromResult(stream);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new StorageObjectNotFoundException(Location, key, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failure(key, "open", e);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ObjectKey.ValidatePrefix(prefix);
        var lastSlash = prefix.LastIndexOf('/');
        var start = lastSlash < 0 ? _root : PathOf(prefix[..lastSlash]);
        var found = Io(prefix, "list", () => Walk(start, prefix));
        found.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var item in found)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return item;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<StoredObject?> StatAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKey.Validate(key);
        cancellationToken.ThrowIfCancellationRequested();
        var info = new FileInfo(PathOf(key));
        return Task.FromResult(Io(key, "stat", () => info.Exists ? ToStored(key, info) : null));
    }

    /// <inheritdoc />
    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKey.Validate(key);
        cancellationToken.ThrowIfCancellationRequested();
        var path = PathOf(key);
        return Task.FromResult(Io(key, "delete", () =>
        {
            if (!File.Exists(path))
            {
                return false;
            }

            File.Delete(path);
            var directory = Path.GetDirectoryName(path)!;
            DurableFile.FsyncDirectory(directory);
            RemoveEmptyParents(directory);
            return true;
        }));
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private string PathOf(string key) => Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar));

    private List<StoredObject> Walk(string start, string prefix)
    {
        var result = new List<StoredObject>();
        if (!Directory.Exists(start))
        {
            return result;
        }

        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false, AttributesToSkip = 0 };
        foreach (var file in new DirectoryInfo(start).EnumerateFiles("*", options))
        {
            var key = Path.GetRelativePath(_root, file.FullName).Replace(Path.DirectorySeparatorChar, '/');
            // Dot-files and dot-dirs are ours (temporaries) or not keys at all.
            if (key.StartsWith(prefix, StringComparison.Ordinal) && ObjectKey.Check(key, allowEmpty: false) is null)
            {
                result.Add(ToStored(key, file));
            }
        }

        return result;
    }

    private static StoredObject ToStored(string key, FileInfo info) =>
        new(key, info.Length, new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero));

    private async Task CopyAsync(string key, Stream content, FileStream file, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            while (true)
            {
                // Exceptions from the content (a failing producer) pass through unchanged; only disk errors are ours.
                var read = await content.ReadAsync(buffer.AsMemory(0, CopyBufferSize), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                try
                {
                    await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw Failure(key, "write", e);
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void RemoveEmptyParents(string directory)
    {
        // Deleting a backup's last object removes its directory, as an object store has no empty "folders".
        while (directory.Length > _root.Length && directory.StartsWith(_root, StringComparison.Ordinal)
            && !Directory.EnumerateFileSystemEntries(directory).Any())
        {
            Directory.Delete(directory);
            directory = Path.GetDirectoryName(directory)!;
            DurableFile.FsyncDirectory(directory);
        }
    }

    private void TryRemoveEmptyParents(string directory)
    {
        try
        {
            RemoveEmptyParents(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another put filled it meanwhile, or it cannot be removed; an empty folder is invisible to listings.
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover dot-file temporary is invisible to listings; never mask the original error.
        }
    }

    private T Io<T>(string key, string action, Func<T> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Failure(key, action, e);
        }
    }

    private void Io(string key, string action, Action body) => Io<bool>(key, action, () =>
    {
        body();
        return true;
    });

    private StorageUnavailableException Failure(string key, string action, Exception e) =>
        new($"{Location}: {action} \"{key}\": {e.Message}", e)
        {
            // A local disk that refuses (permissions, full, read-only) will not fix itself in seconds.
            IsTransient = false,
            Hint = e is UnauthorizedAccessException
                ? $"check that {_root} is writable by this user (directories 0700, files 0600)"
                : null,
        };
}
