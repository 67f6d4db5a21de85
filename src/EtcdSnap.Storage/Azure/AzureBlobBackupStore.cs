using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using EtcdSnap.Storage.Streams;

namespace EtcdSnap.Storage.Azure;

/// <summary>
/// A backup store in an Azure Blob Storage container. Large objects are staged as blocks (one uploading while
/// the next is read: two block buffers of memory) and made visible by a single commit of the block list;
/// uncommitted blocks are invisible to reads and listings and Azure discards them after a week.
/// </summary>
public sealed partial class AzureBlobBackupStore : IBackupStore
{
    /// <summary>Default block size: 8 MiB (50,000 blocks allow 390 GiB).</summary>
    public const int DefaultBlockSize = 8 << 20;

    private const int MaxBlocks = 50_000;

    private readonly BlobContainerClient _container;
    private readonly string _prefix;
    private readonly int _blockSize;

    /// <summary>A store over <paramref name="container"/>, keys under <paramref name="prefix"/> ("" for the whole container).</summary>
    /// <param name="container">The container client (credentials and endpoint already set).</param>
    /// <param name="prefix">Blob name prefix without leading or trailing '/'.</param>
    /// <param name="location">The store's URL for messages.</param>
    /// <param name="blockSize">Size of staged blocks, 1 MiB to 100 MiB.</param>
    public AzureBlobBackupStore(BlobContainerClient container, string prefix, string location, int blockSize = DefaultBlockSize)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1 << 20);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(blockSize, 100 << 20);
        _container = container;
        _prefix = ObjectKey.FolderPrefix(prefix);
        _blockSize = blockSize;
        Location = location;
    }

    /// <inheritdoc />
    public string Location { get; }

    /// <inheritdoc />
    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        ObjectKey.Validate(key);
        ArgumentNullException.ThrowIfNull(content);
        if (await StatAsync(key, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new StorageObjectExistsException(Location, key);
        }

        var blob = _container.GetBlockBlobClient(_prefix + key);
        var first = ArrayPool<byte>.Shared.Rent(_blockSize);
        var second = ArrayPool<byte>.Shared.Rent(_blockSize);
        // Block ids are per blob and must all have one length; a random upload id keeps two concurrent uploads
        // of one name from mixing their uncommitted blocks.
        var upload = RandomNumberGenerator.GetHexString(16, lowercase: true);
        var ids = new List<string>();
        Task? pending = null;
        try
        {
            var (current, other) = (first, second);
            var length = await FillAsync(content, current, cancellationToken).ConfigureAwait(false);
            if (length < _blockSize)
            {
                await Call(key, "put", async () =>
                {
                    using var body = new MemoryStream(current, 0, length, writable: false);
                    await blob.UploadAsync(body, new BlobUploadOptions { Conditions = CreateOnly }, cancellationToken).ConfigureAwait(false);
                }, cancellationToken).ConfigureAwait(false);
                return;
            }

            while (true)
            {
                if (ids.Count == MaxBlocks)
                {
                    throw new StorageUnavailableException(
                        $"{Location}: put \"{key}\": larger than {MaxBlocks} blocks of {_blockSize} bytes")
                    { IsTransient = false };
                }

                var id = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{upload}-{ids.Count:D6}"));
                ids.Add(id);
                pending = StageAsync(blob, key, id, current, length, cancellationToken);
                var next = length < _blockSize ? 0 : await FillAsync(content, other, cancellationToken).ConfigureAwait(false);
                await pending.ConfigureAwait(false);
                pending = null;
                if (next == 0)
                {
                    break;
                }

                (current, other) = (other, current);
                length = next;
            }

            await Call(key, "commit", () => blob.CommitBlockListAsync(ids, new CommitBlockListOptions { Conditions = CreateOnly }, cancellationToken),
                cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (pending is not null)
            {
                // The SDK may still be reading a buffer; it must be done before the buffers go back to the pool.
                await Task.WhenAny(pending).ConfigureAwait(false);
            }

            ArrayPool<byte>.Shared.Return(first);
            ArrayPool<byte>.Shared.Return(second);
        }
    }

    /// <inheritdoc />
    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKey.Validate(key);
        var blob = _container.GetBlobClient(_prefix + key);
        try
        {
            var result = (await blob.DownloadStreamingAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            return new ResponseReadStream(result, result.Content, e => Map(e, "read", key));
        }
        catch (RequestFailedException e) when (e.Status == 404 && e.ErrorCode != "ContainerNotFound")
        {
            throw new StorageObjectNotFoundException(Location, key, e);
        }
        catch (Exception e) when (IsStoreError(e, cancellationToken))
        {
            throw Map(e, "get", key);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StoredObject> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ObjectKey.ValidatePrefix(prefix);
        // Committed blobs only (BlobStates.None): staged, uncommitted uploads are not listed.
        var pages = _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, _prefix + prefix, cancellationToken).AsPages();
        var enumerator = pages.GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                Page<BlobItem> page;
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }

                    page = enumerator.Current;
                }
                catch (Exception e) when (IsStoreError(e, cancellationToken))
                {
                    throw Map(e, "list", prefix.Length == 0 ? "(all)" : prefix);
                }

                foreach (var item in page.Values)
                {
                    var key = item.Name[_prefix.Length..];
                    if (ObjectKey.Check(key, allowEmpty: false) is null)
                    {
                        yield return new StoredObject(key, item.Properties.ContentLength ?? 0, item.Properties.LastModified ?? DateTimeOffset.UnixEpoch);
                    }
                }
            }
        }
        finally
        {
            await enumerator.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task<StoredObject?> StatAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKey.Validate(key);
        try
        {
            var properties = (await _container.GetBlobClient(_prefix + key).GetPropertiesAsync(cancellationToken: cancellationToken)
                .ConfigureAwait(false)).Value;
            return new StoredObject(key, properties.ContentLength, properties.LastModified);
        }
        catch (RequestFailedException e) when (e.Status == 404 && e.ErrorCode != "ContainerNotFound")
        {
            return null;
        }
        catch (Exception e) when (IsStoreError(e, cancellationToken))
        {
            throw Map(e, "stat", key);
        }
    }

    /// <inheritdoc />
    public async Task<bool> DeleteAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKey.Validate(key);
        try
        {
            return (await _container.GetBlobClient(_prefix + key).DeleteIfExistsAsync(cancellationToken: cancellationToken)
                .ConfigureAwait(false)).Value;
        }
        catch (Exception e) when (IsStoreError(e, cancellationToken))
        {
            throw Map(e, "delete", key);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static BlobRequestConditions CreateOnly => new() { IfNoneMatch = ETag.All };

    private Task StageAsync(BlockBlobClient blob, string key, string id, byte[] buffer, int length, CancellationToken cancellationToken) =>
        Call(key, "stage block of", async () =>
        {
            using var body = new MemoryStream(buffer, 0, length, writable: false);
            await blob.StageBlockAsync(id, body, cancellationToken: cancellationToken).ConfigureAwait(false);
        }, cancellationToken);

    private async Task Call(string key, string action, Func<Task> body, CancellationToken cancellationToken)
    {
        try
        {
            await body().ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412 && e.ErrorCode is "BlobAlreadyExists" or "ConditionNotMet")
        {
            throw new StorageObjectExistsException(Location, key, e);
        }
        catch (Exception e) when (IsStoreError(e, cancellationToken))
        {
            throw Map(e, action, key);
        }
    }

    // Reads until one block is full or the content ends. ArrayPool hands out arrays of at least the size asked
    // for (a 5 MiB block comes in an 8 MiB array): fill exactly one block, never the whole array.
    private ValueTask<int> FillAsync(Stream content, byte[] buffer, CancellationToken cancellationToken) =>
        content.ReadAtLeastAsync(buffer.AsMemory(0, _blockSize), _blockSize, throwOnEndOfStream: false, cancellationToken);
}
