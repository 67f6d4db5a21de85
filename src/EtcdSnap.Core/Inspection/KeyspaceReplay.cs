using System.Text;
using EtcdSnap.Formats;
using EtcdSnap.Formats.Bbolt;
using EtcdSnap.Formats.Mvcc;
using EtcdSnap.Kubernetes.Objects;

namespace EtcdSnap.Core.Inspection;

/// <summary>
/// Replays a snapshot's <c>key</c> bucket in revision order into the set of live keys: a put sets the key, a tombstone
/// deletes it. After a compaction only the newest record of each key is left, which the same replay handles.
/// </summary>
/// <remarks>
/// Layout and semantics: etcd <c>mvcc/kvstore.go</c>, <c>mvcc/revision.go</c> @ v3.4.45 (reference: etcd-formats.md
/// §3.1). Values are looked at during the bbolt walk, while their bytes sit in the reader's pooled page buffers, and
/// only fixed-size facts are kept, so memory grows with the number of keys and never with value sizes.
/// </remarks>
internal static class KeyspaceReplay
{
    private const int CancellationStride = 1024;

    /// <summary>Reads the live keys of the open snapshot.</summary>
    /// <param name="file">The snapshot, opened read-only.</param>
    /// <param name="depth">What to read from each value.</param>
    /// <param name="etcdPrefix">kube-apiserver's <c>--etcd-prefix</c>, to recognise CustomResourceDefinitions.</param>
    /// <param name="cancellationToken">Checked every 1,024 records.</param>
    /// <exception cref="CorruptDataException">A page, a revision key or a record does not decode.</exception>
    public static LiveKeyspace Run(BboltFile file, ReplayDepth depth, string etcdPrefix, CancellationToken cancellationToken)
    {
        var space = new LiveKeyspace(file.Path) { HasTrailer = Formats.Snapshot.SnapshotTrailer.HasTrailer(file.FileLength) };
        var lookup = space.Keys.GetAlternateLookup<ReadOnlySpan<byte>>();
        var crdPrefix = Encoding.UTF8.GetBytes(EtcdPrefix.Normalize(etcdPrefix) + "/apiextensions.k8s.io/customresourcedefinitions/");
        using var probe = new ValueProbe();
        var found = file.ForEach(BucketNames.Key, (bucketKey, record, isBucket) =>
        {
            if (++space.Records % CancellationStride == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (isBucket)
            {
                throw Corrupt(file, $"the key bucket holds a nested bucket \"{Encoding.UTF8.GetString(bucketKey)}\"");
            }

            if (!Revision.TryParseKey(bucketKey, out var revision, out var tombstone))
            {
                throw Corrupt(file, $"key bucket entry {Convert.ToHexStringLower(bucketKey)} is not a revision");
            }

            if (!MvccKeyValue.TryParse(record, out var kv))
            {
                throw Corrupt(file, $"revision {revision}: the mvccpb.KeyValue record does not decode");
            }

            space.Revision = Math.Max(space.Revision, revision.Main);
            if (tombstone)
            {
                lookup.Remove(kv.Key);
            }
            else if (!kv.Key.IsEmpty)
            {
                // An empty key is the placeholder restore --bump-revision writes (etcd-formats.md §5.5): not a user key.
                Put(lookup, probe, depth, crdPrefix, revision, kv);
            }

            return true;
        });
        if (!found)
        {
            // etcd creates its buckets when it opens a db, so every data file it wrote has one, empty or not.
            throw new CorruptDataException(file.Path, null, "no \"key\" bucket: a bbolt file, but not etcd's")
            {
                Hint = "pass a snapshot from 'etcdctl snapshot save' or 'etcdsnap save', or a member's member/snap/db",
            };
        }

        space.CompactRevision = EtcdMetaValues.Read(file).FinishedCompactRevision?.Main;
        return space;
    }

    private static void Put(Dictionary<byte[], LiveKey>.AlternateLookup<ReadOnlySpan<byte>> lookup, ValueProbe probe, ReplayDepth depth,
        byte[] crdPrefix, Revision revision, MvccKeyValue kv)
    {
        if (!lookup.TryGetValue(kv.Key, out var live))
        {
            live = new LiveKey(kv.Key.ToArray());
            lookup.Dictionary.Add(live.Key, live);
        }

        live.Revision = revision;
        live.CreateRevision = kv.CreateRevision;
        live.ModRevision = kv.ModRevision;
        live.Version = kv.Version;
        live.Lease = kv.Lease;
        live.Size = kv.Value.Length;
        live.Facts = depth == ReplayDepth.Encoding ? probe.Encoding(kv.Value) : probe.TypeOf(kv.Value);
        live.Crd = kv.Key.StartsWith(crdPrefix) && live.Facts.Encoding == StoredValueEncoding.Json
            ? CustomResourceNames.TryRead(kv.Value)
            : null;
        if (depth == ReplayDepth.Digest)
        {
            live.Digest = ValueDigest.Of(kv.Value);
        }
    }

    private static CorruptDataException Corrupt(BboltFile file, string message) => new(file.Path, null, message);
}
