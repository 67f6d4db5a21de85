using System.Buffers;
using System.Net;
using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;
using EtcdSnap.Storage.Streams;

namespace EtcdSnap.Storage.S3;

/// <summary>
/// A backup store in an S3 bucket (or an S3-compatible server). Objects smaller than a part go up in one
/// PutObject; larger ones as a multipart upload with one part in flight while the next is read, so memory is two
/// part buffers whatever the size. A failed or cancelled multipart upload is aborted, so nothing becomes visible.
/// </summary>
public sealed partial class S3BackupStore : IBackupStore
{
    /// <summary>Default part size: 8 MiB (S3's minimum is 5 MiB; 10,000 parts of 8 MiB allow 78 GiB).</summary>
    public const int DefaultPartSize = 8 << 20;

    /// <summary>S3's smallest part (except the last).</summary>
    public const int MinPartSize = 5 << 20;

    private const int MaxParts = 10_000;

    private readonly IAmazonS3 _client;
    private readonly string _bucket;
    private readonly string _prefix;
    private readonly int _partSize;
    private readonly bool _ownsClient;

    /// <summary>A store over <paramref name="bucket"/>, keys under <paramref name="prefix"/> ("" for the whole bucket).</summary>
    /// <param name="client">The S3 client (credentials, endpoint, region already set).</param>
    /// <param name="bucket">The bucket.</param>
    /// <param name="prefix">Key prefix without leading or trailing '/'.</param>
    /// <param name="location">The store's URL for messages.</param>
    /// <param name="partSize">Multipart part size, at least <see cref="MinPartSize"/>.</param>
    /// <param name="ownsClient">Dispose <paramref name="client"/> with the store.</param>
    public S3BackupStore(IAmazonS3 client, string bucket, string prefix, string location, int partSize = DefaultPartSize, bool ownsClient = true)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(bucket);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(partSize, MinPartSize);
        _client = client;
        _bucket = bucket;
        _prefix = ObjectKey.FolderPrefix(prefix);
        _partSize = partSize;
        _ownsClient = ownsClient;
        Location = location;
    }

    /// <inheritdoc />
    public string Location { get; }

    /// <inheritdoc />
    public async Task PutAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        ObjectKey.Validate(key);
        ArgumentNullException.ThrowIfNull(content);
        // S3 has no "create only" for multipart uploads on every S3-compatible server, so check first; on AWS
        // the If-None-Match header below also closes the race.
        if (await StatAsync(key, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw new StorageObjectExistsException(Location, key);
        }

        var first = ArrayPool<byte>.Shared.Rent(_partSize);
        try
        {
            var n = await FillAsync(content, first, cancellationToken).ConfigureAwait(false);
            if (n < _partSize)
            {
                await PutSmallAsync(key, first, n, cancellationToken).ConfigureAwait(false);
                return;
            }

            await PutMultipartAsync(key, content, first, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(first);
        }
    }

    /// <inheritdoc />
    public async Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKey.Validate(key);
        try
        {
            var response = await _client.GetObjectAsync(_bucket, _prefix + key, cancellationToken).ConfigureAwait(false);
            return new ResponseReadStream(response, response.ResponseStream, e => Map(e, "read", key));
        }
        catch (Exception e) when (IsNotFound(e))
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
        // AWS lists in UTF-8 byte order, but not every S3-compatible server does (s3rver walks directories):
        // collect and sort, which is cheap for the few objects per backup a repository holds.
        var found = new List<StoredObject>();
        var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = _prefix + prefix };
        do
        {
            ListObjectsV2Response page;
            try
            {
                page = await _client.ListObjectsV2Async(request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsStoreError(e, cancellationToken))
            {
                throw Map(e, "list", prefix.Length == 0 ? "(all)" : prefix);
            }

            foreach (var o in page.S3Objects ?? [])
            {
                var key = o.Key[_prefix.Length..];
                if (ObjectKey.Check(key, allowEmpty: false) is null)
                {
                    found.Add(new StoredObject(key, o.Size ?? 0, ToUtc(o.LastModified)));
                }
            }

            request.ContinuationToken = page.IsTruncated == true ? page.NextContinuationToken : null;
        }
        while (request.ContinuationToken is not null);

        found.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        foreach (var item in found)
        {
            yield return item;
        }
    }

    /// <inheritdoc />
    public async Task<StoredObject?> StatAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKey.Validate(key);
        try
        {
            var head = await _client.GetObjectMetadataAsync(_bucket, _prefix + key, cancellationToken).ConfigureAwait(false);
            return new StoredObject(key, head.ContentLength, ToUtc(head.LastModified));
        }
        catch (Exception e) when (IsNotFound(e))
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
        // DeleteObject succeeds whether or not the key exists; ask first to tell the caller which it was.
        if (await StatAsync(key, cancellationToken).ConfigureAwait(false) is null)
        {
            return false;
        }

        try
        {
            await _client.DeleteObjectAsync(_bucket, _prefix + key, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (IsStoreError(e, cancellationToken))
        {
            throw Map(e, "delete", key);
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        if (_ownsClient)
        {
            _client.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private async Task PutSmallAsync(string key, byte[] buffer, int length, CancellationToken cancellationToken)
    {
        try
        {
            using var body = new MemoryStream(buffer, 0, length, writable: false);
            await _client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = _bucket,
                Key = _prefix + key,
                InputStream = body,
                AutoCloseStream = false,
                IfNoneMatch = "*",
                UseChunkEncoding = false, // see UploadPartAsync
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsStoreError(e, cancellationToken))
        {
            throw IsPreconditionFailed(e) ? new StorageObjectExistsException(Location, key, e) : Map(e, "put", key);
        }
    }

    private async Task PutMultipartAsync(string key, Stream content, byte[] first, CancellationToken cancellationToken)
    {
        string uploadId;
        try
        {
            var init = await _client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = _bucket, Key = _prefix + key },
                cancellationToken).ConfigureAwait(false);
            uploadId = init.UploadId;
        }
        catch (Exception e) when (IsStoreError(e, cancellationToken))
        {
            throw Map(e, "start upload of", key);
        }

        var second = ArrayPool<byte>.Shared.Rent(_partSize);
        var etags = new List<PartETag>();
        Task<PartETag>? pending = null;
        try
        {
            var (current, other) = (first, second);
            var length = _partSize;
            for (var part = 1; ; part++)
            {
                if (part > MaxParts)
                {
                    throw new StorageUnavailableException(
                        $"{Location}: put \"{key}\": larger than {MaxParts} parts of {_partSize} bytes")
                    { IsTransient = false };
                }

                // One part uploads while the next is read (and compressed and encrypted upstream): two buffers
                // whatever the object's size.
                pending = UploadPartAsync(key, uploadId, part, current, length, cancellationToken);
                var nextLength = length < _partSize ? 0 : await FillAsync(content, other, cancellationToken).ConfigureAwait(false);
                etags.Add(await pending.ConfigureAwait(false));
                pending = null;
                if (nextLength == 0)
                {
                    break;
                }

                (current, other) = (other, current);
                length = nextLength;
            }

            await CompleteAsync(key, uploadId, etags, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            if (pending is not null)
            {
                // The SDK may still be reading a buffer; it must be done before the buffers go back to the pool.
                await Task.WhenAny(pending).ConfigureAwait(false);
            }

            await AbortAsync(key, uploadId).ConfigureAwait(false);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(second);
        }
    }

    private async Task<PartETag> UploadPartAsync(string key, string uploadId, int part, byte[] buffer, int length,
        CancellationToken cancellationToken)
    {
        try
        {
            using var body = new MemoryStream(buffer, 0, length, writable: false);
            var response = await _client.UploadPartAsync(new UploadPartRequest
            {
                BucketName = _bucket,
                Key = _prefix + key,
                UploadId = uploadId,
                PartNumber = part,
                InputStream = body,
                // The body is in memory, so signing it whole costs one SHA-256 pass; aws-chunked signing is
                // not understood by every S3-compatible server (s3rver stores the chunk headers as data).
                UseChunkEncoding = false,
            }, cancellationToken).ConfigureAwait(false);
            return new PartETag(part, response.ETag);
        }
        catch (Exception e) when (IsStoreError(e, cancellationToken))
        {
            throw Map(e, $"upload part {part} of", key);
        }
    }

    private async Task CompleteAsync(string key, string uploadId, List<PartETag> etags, CancellationToken cancellationToken)
    {
        try
        {
            await _client.CompleteMultipartUploadAsync(new CompleteMultipartUploadRequest
            {
                BucketName = _bucket,
                Key = _prefix + key,
                UploadId = uploadId,
                PartETags = etags,
                IfNoneMatch = "*",
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (IsStoreError(e, cancellationToken))
        {
            throw IsPreconditionFailed(e) ? new StorageObjectExistsException(Location, key, e) : Map(e, "complete upload of", key);
        }
    }

    private async Task AbortAsync(string key, string uploadId)
    {
        // Our own token may be the reason we are here: abort with a fresh, bounded one.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = _bucket, Key = _prefix + key, UploadId = uploadId },
                timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is AmazonS3Exception or HttpRequestException or IOException or OperationCanceledException)
        {
            // The parts stay invisible (never completed); a bucket lifecycle rule for incomplete multipart uploads
            // reclaims them. Never mask the error that brought us here.
        }
    }

    // Reads until one part is full or the content ends. ArrayPool hands out arrays of at least the size asked
    // for (a 5 MiB part comes in an 8 MiB array): fill exactly one part, never the whole array.
    private ValueTask<int> FillAsync(Stream content, byte[] buffer, CancellationToken cancellationToken) =>
        content.ReadAtLeastAsync(buffer.AsMemory(0, _partSize), _partSize, throwOnEndOfStream: false, cancellationToken);

    private static DateTimeOffset ToUtc(DateTime? time) => time is { } t
        ? new DateTimeOffset(t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : DateTime.SpecifyKind(t, DateTimeKind.Utc), TimeSpan.Zero)
        : DateTimeOffset.UnixEpoch;

    private static bool IsNotFound(Exception e) =>
        e is AmazonS3Exception s3 && s3.StatusCode == HttpStatusCode.NotFound && s3.ErrorCode is not "NoSuchBucket";

    private static bool IsPreconditionFailed(Exception e) =>
        e is AmazonS3Exception { StatusCode: HttpStatusCode.PreconditionFailed };
}
