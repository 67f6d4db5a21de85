using EtcdSnap.Formats;
using EtcdSnap.Kubernetes.Objects;

namespace EtcdSnap.Core.Inspection;

public static partial class SnapshotInspector
{
    /// <summary>Compares the objects alive in two snapshots, by the SHA-256 of their values.</summary>
    /// <param name="oldPath">The older snapshot.</param>
    /// <param name="newPath">The newer snapshot.</param>
    /// <param name="filter">Namespace and resource to keep; <see cref="ObjectFilter.All"/> for everything.</param>
    /// <param name="options">The cluster's etcd prefix; whether to check the trailers first.</param>
    /// <param name="includeOtherKeys">Also compare keys that are not API objects (apiserver internals, foreign keys);
    /// ignored when a filter is given.</param>
    /// <param name="cancellationToken">Stops the walks.</param>
    /// <exception cref="CorruptDataException">A file is not a readable etcd snapshot, or its trailer does not match.</exception>
    /// <exception cref="UnknownResourceException">The filter names a resource neither snapshot has.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static SnapshotComparison Compare(string oldPath, string newPath, ObjectFilter filter, InspectionOptions options,
        bool includeOtherKeys = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var oldSpace = Replay(oldPath, ReplayDepth.Digest, options, cancellationToken);
        var newSpace = Replay(newPath, ReplayDepth.Digest, options, cancellationToken);
        var oldAll = Describe(oldSpace, options.EtcdPrefix);
        var newAll = Describe(newSpace, options.EtcdPrefix);
        var resource = Resolve(filter.Resource, [oldSpace, newSpace], oldAll.Concat(newAll));
        bool Keep(SnapshotObject o) =>
            o.Location.Kind == RegistryKeyKind.ApiObject ? Matches(o, filter, resource) : includeOtherKeys && filter.IsEmpty;

        var added = new List<SnapshotObject>();
        var removed = new List<SnapshotObject>();
        var changed = new List<ObjectChange>();
        var rewritten = new List<ObjectChange>();
        var unchanged = 0;
        var oldByKey = oldSpace.Keys.Values.Zip(oldAll).ToDictionary(p => p.First.Key, ByteKeyComparer.Instance);
        foreach (var (live, item) in newSpace.Keys.Values.Zip(newAll))
        {
            var before = oldByKey.GetValueOrDefault(live.Key);
            if (!Keep(item) && (before.Second is null || !Keep(before.Second)))
            {
                continue;
            }

            if (before.First is null)
            {
                added.Add(item);
            }
            else if (!ValueDigest.AreEqual(before.First.Digest, live.Digest))
            {
                changed.Add(new ObjectChange(before.Second, item));
            }
            else if (before.First.ModRevision != live.ModRevision)
            {
                rewritten.Add(new ObjectChange(before.Second, item));
            }
            else
            {
                unchanged++;
            }
        }

        removed.AddRange(oldByKey.Values.Where(p => newSpace.Find(p.First.Key) is null && Keep(p.Second)).Select(p => p.Second));
        return new SnapshotComparison
        {
            Old = new SnapshotSide(oldPath, oldSpace.Revision, SecretExposure.Of(oldAll)),
            New = new SnapshotSide(newPath, newSpace.Revision, SecretExposure.Of(newAll)),
            Resource = resource,
            Added = Sorted(added),
            Removed = Sorted(removed),
            Changed = SortedChanges(changed),
            Rewritten = SortedChanges(rewritten),
            Unchanged = unchanged,
        };
    }

    private static List<ObjectChange> SortedChanges(List<ObjectChange> changes)
    {
        var order = Sorted(changes.Select(c => c.New)).Select((o, i) => (o.Key, i)).ToDictionary(p => p.Key, p => p.i, StringComparer.Ordinal);
        return [.. changes.OrderBy(c => order[c.New.Key])];
    }
}
