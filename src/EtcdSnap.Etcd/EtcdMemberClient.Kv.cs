using System.Runtime.CompilerServices;
using Etcdserverpb;
using Google.Protobuf;

namespace EtcdSnap.Etcd;

public sealed partial class EtcdMemberClient
{
    /// <summary>Reads one key, or a prefix (<c>etcdctl get</c>).</summary>
    /// <exception cref="EtcdUnavailableException">The member could not be reached or did not answer in time.</exception>
    /// <exception cref="EtcdRequestException">The member refused the request (e.g. the revision was compacted).</exception>
    public async Task<EtcdRangeResult> RangeAsync(string key, EtcdRangeOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        options ??= new EtcdRangeOptions();
        var request = new RangeRequest
        {
            Key = KeyBytes(key, options.Prefix),
            RangeEnd = options.Prefix ? PrefixEnd(key) : ByteString.Empty,
            KeysOnly = options.KeysOnly,
            CountOnly = options.CountOnly,
            Limit = options.Limit,
            Revision = options.Revision,
            Serializable = options.Serializable,
        };
        var r = await CallAsync($"range \"{key}\"", o => _kv.Value.RangeAsync(request, o), cancellationToken).ConfigureAwait(false);
        return new EtcdRangeResult([.. r.Kvs.Select(EtcdKeyValue.From)], r.More, r.Count, r.Header?.Revision ?? 0);
    }

    /// <summary>
    /// Reads every key under <paramref name="prefix"/> in pages of <paramref name="pageSize"/> keys, all at the revision
    /// of the first page, so a large prefix never needs one huge answer and the result is one consistent view.
    /// </summary>
    /// <param name="prefix">Key prefix; "" for the whole keyspace.</param>
    /// <param name="pageSize">Keys per request.</param>
    /// <param name="keysOnly">Leave out values.</param>
    /// <param name="revision">Read at this revision; 0 for the current one.</param>
    /// <param name="cancellationToken">Stops the enumeration.</param>
    /// <exception cref="EtcdUnavailableException">The member could not be reached or did not answer in time.</exception>
    /// <exception cref="EtcdRequestException">The member refused a page (e.g. the revision was compacted meanwhile).</exception>
    public async IAsyncEnumerable<EtcdKeyValue> RangePagedAsync(string prefix, int pageSize = 1000, bool keysOnly = false,
        long revision = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var rangeEnd = PrefixEnd(prefix);
        var next = KeyBytes(prefix, prefix: true);
        while (true)
        {
            var request = new RangeRequest { Key = next, RangeEnd = rangeEnd, Limit = pageSize, Revision = revision, KeysOnly = keysOnly };
            var r = await CallAsync($"range \"{prefix}\" (paged)", o => _kv.Value.RangeAsync(request, o), cancellationToken)
                .ConfigureAwait(false);
            if (revision == 0)
            {
                revision = r.Header.Revision;
            }

            foreach (var kv in r.Kvs)
            {
                yield return EtcdKeyValue.From(kv);
            }

            if (!r.More || r.Kvs.Count == 0)
            {
                yield break;
            }

            // The next page starts just after the last key: the key with a 0x00 byte appended.
            var last = r.Kvs[^1].Key.Span;
            var after = new byte[last.Length + 1];
            last.CopyTo(after);
            next = UnsafeByteOperations.UnsafeWrap(after);
        }
    }

    /// <summary>Writes a key (<c>etcdctl put</c>).</summary>
    /// <param name="key">Key.</param>
    /// <param name="value">Value bytes.</param>
    /// <param name="leaseId">Attach the key to this lease; 0 for none.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The store revision of the write.</returns>
    /// <exception cref="EtcdUnavailableException">The member could not be reached or did not answer in time.</exception>
    /// <exception cref="EtcdRequestException">The member refused the write (e.g. lease not found, request too large).</exception>
    public async Task<long> PutAsync(string key, ReadOnlyMemory<byte> value, long leaseId = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var request = new PutRequest { Key = EtcdKeyValue.Utf8(key), Value = ByteString.CopyFrom(value.Span), Lease = leaseId };
        var r = await CallAsync($"put \"{key}\"", o => _kv.Value.PutAsync(request, o), cancellationToken).ConfigureAwait(false);
        return r.Header.Revision;
    }

    /// <summary>Writes a key with a UTF-8 text value (<c>etcdctl put</c>).</summary>
    /// <inheritdoc cref="PutAsync(string, ReadOnlyMemory{byte}, long, CancellationToken)"/>
    public Task<long> PutAsync(string key, string value, long leaseId = 0, CancellationToken cancellationToken = default) =>
        PutAsync(key, System.Text.Encoding.UTF8.GetBytes(value), leaseId, cancellationToken);

    /// <summary>Deletes a key or every key under a prefix (<c>etcdctl del [--prefix]</c>).</summary>
    /// <returns>The number of keys deleted.</returns>
    /// <exception cref="EtcdUnavailableException">The member could not be reached or did not answer in time.</exception>
    /// <exception cref="EtcdRequestException">The member refused the request.</exception>
    public async Task<long> DeleteAsync(string key, bool prefix = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        var request = new DeleteRangeRequest { Key = KeyBytes(key, prefix), RangeEnd = prefix ? PrefixEnd(key) : ByteString.Empty };
        var r = await CallAsync($"delete \"{key}\"", o => _kv.Value.DeleteRangeAsync(request, o), cancellationToken).ConfigureAwait(false);
        return r.Deleted;
    }

    /// <summary>Discards the history before <paramref name="revision"/> (<c>etcdctl compaction</c>).</summary>
    /// <param name="revision">Oldest revision to keep.</param>
    /// <param name="physical">Wait until the compaction is applied to the backend (<c>--physical</c>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="EtcdUnavailableException">The member could not be reached or did not answer in time.</exception>
    /// <exception cref="EtcdRequestException">The revision is already compacted or in the future.</exception>
    public async Task CompactAsync(long revision, bool physical = false, CancellationToken cancellationToken = default)
    {
        var request = new CompactionRequest { Revision = revision, Physical = physical };
        await CallAsync($"compact to revision {revision}", o => _kv.Value.CompactAsync(request, o), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The key to start from: for an empty prefix etcd wants "\0" (with range end "\0": every key).</summary>
    private static ByteString KeyBytes(string key, bool prefix) =>
        prefix && key.Length == 0 ? ByteString.CopyFrom(0) : EtcdKeyValue.Utf8(key);

    /// <summary>The end of a prefix range, as etcd's clientv3.GetPrefixRangeEnd computes it: the prefix with its last byte
    /// below 0xff incremented and the rest dropped; "\0" (no end) when there is none.</summary>
    internal static ByteString PrefixEnd(string prefix)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(prefix);
        for (var i = bytes.Length - 1; i >= 0; i--)
        {
            if (bytes[i] < 0xff)
            {
                bytes[i]++;
                return ByteString.CopyFrom(bytes, 0, i + 1);
            }
        }

        return ByteString.CopyFrom(0);
    }
}
