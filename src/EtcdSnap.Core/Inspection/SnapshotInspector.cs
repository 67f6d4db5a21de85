using System.Text;
using EtcdSnap.Formats;
using EtcdSnap.Formats.Bbolt;
using EtcdSnap.Formats.Mvcc;
using EtcdSnap.Formats.Snapshot;
using EtcdSnap.Kubernetes.Objects;

namespace EtcdSnap.Core.Inspection;

/// <summary>
/// Offline, read-only inspection of an etcd snapshot in Kubernetes terms: the objects alive at its revision
/// (<see cref="List"/>), one object (<see cref="Get"/>), and what changed between two snapshots (<see cref="Compare"/>).
/// </summary>
/// <remarks>
/// The only input is a file path: a snapshot with or without the SHA-256 trailer, or a raw <c>member/snap/db</c>. The
/// file is opened read-only and never written or locked exclusively. Memory grows with the number of keys, never with
/// the size of values: per key only fixed-size facts, a digest (for comparisons) and the short strings printed are kept.
/// </remarks>
public static partial class SnapshotInspector
{
    /// <summary>Lists the objects alive in the snapshot.</summary>
    /// <param name="path">The snapshot file.</param>
    /// <param name="filter">Namespace and resource to keep; <see cref="ObjectFilter.All"/> for everything.</param>
    /// <param name="options">The cluster's etcd prefix; whether to check the trailer first.</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    /// <exception cref="CorruptDataException">The file is not a readable etcd snapshot, or its trailer does not match.</exception>
    /// <exception cref="UnknownResourceException">The filter names a resource the snapshot does not have.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static SnapshotListing List(string path, ObjectFilter filter, InspectionOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var space = Replay(path, ReplayDepth.TypeMeta, options, cancellationToken);
        var all = Describe(space, options.EtcdPrefix);
        var resource = Resolve(filter.Resource, [space], all);
        var objects = all.Where(o => o.Location.Kind == RegistryKeyKind.ApiObject && Matches(o, filter, resource));
        return new SnapshotListing
        {
            Path = path,
            Revision = space.Revision,
            CompactRevision = space.CompactRevision,
            HasTrailer = space.HasTrailer,
            Resource = resource,
            Objects = Sorted(objects),
            OtherKeys = filter.IsEmpty ? Sorted(all.Where(o => o.Location.Kind != RegistryKeyKind.ApiObject)) : [],
            Secrets = SecretExposure.Of(all),
        };
    }

    /// <summary>Reads one object from the snapshot.</summary>
    /// <param name="path">The snapshot file.</param>
    /// <param name="query">Resource, namespace and name, as for <c>kubectl get</c>.</param>
    /// <param name="options">The cluster's etcd prefix; whether to check the trailer first.</param>
    /// <param name="cancellationToken">Stops the walk.</param>
    /// <exception cref="ObjectNotFoundException">No such object is alive in the snapshot.</exception>
    /// <exception cref="UnknownResourceException">The resource name matches nothing the snapshot has.</exception>
    /// <exception cref="CorruptDataException">The file is not a readable etcd snapshot, or the object's value does not decode.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static SnapshotObjectDetail Get(string path, ObjectQuery query, InspectionOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var file = Open(path, options, cancellationToken);
        var space = KeyspaceReplay.Run(file, ReplayDepth.Encoding, options.EtcdPrefix, cancellationToken);
        var all = Describe(space, options.EtcdPrefix);
        var resource = Resolve(query.Resource, [space], all)!;
        var (live, key, ns) = FindObject(space, resource, query, options.EtcdPrefix);
        if (live is null)
        {
            var scope = ns is null ? "" : $" -n {ns}";
            throw new ObjectNotFoundException(resource, ns, query.Name, key, path, space.Revision)
            {
                Hint = $"etcdsnap ls {ShellWord(path)}{scope} --resource {resource.QualifiedName}",
            };
        }

        var item = Describe(live, EtcdPrefix.Normalize(options.EtcdPrefix));
        var stored = ReadValue(file, live, item.Key);
        return new SnapshotObjectDetail
        {
            Revision = space.Revision,
            Resource = resource,
            Summary = item with { ApiVersion = stored.ApiVersion ?? item.ApiVersion, Kind = stored.Kind ?? item.Kind },
            Stored = stored,
            Document = ObjectDocument.Build(item, stored),
            Secrets = SecretExposure.Of(all),
        };
    }

    private static LiveKeyspace Replay(string path, ReplayDepth depth, InspectionOptions options, CancellationToken cancellationToken)
    {
        using var file = Open(path, options, cancellationToken);
        return KeyspaceReplay.Run(file, depth, options.EtcdPrefix, cancellationToken);
    }

    private static BboltFile Open(string path, InspectionOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        if (options.VerifyTrailer)
        {
            SnapshotTrailer.Verify(path, cancellationToken: cancellationToken).ThrowIfMismatch();
        }

        return BboltFile.Open(path);
    }

    /// <summary>The path as one shell word, so a hint can be pasted as it is.</summary>
    private static string ShellWord(string s) =>
        s.Length > 0 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_' or '+' or ':' or '@' or ',')
            ? s
            : "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    /// <summary>Looks for the object's key; a resource of unknown scope is tried namespaced first, then cluster-wide.</summary>
    private static (LiveKey? Live, string Key, string? Namespace) FindObject(LiveKeyspace space, ResolvedResource resource, ObjectQuery query,
        string etcdPrefix)
    {
        var root = EtcdPrefix.Normalize(etcdPrefix) + "/" + resource.StoragePrefix + "/";
        var ns = query.Namespace ?? ObjectQuery.DefaultNamespace;
        var namespacedKey = root + ns + "/" + query.Name;
        var clusterKey = root + query.Name;
        return resource.Scope switch
        {
            ResourceScope.Namespaced => (space.Find(Encoding.UTF8.GetBytes(namespacedKey)), namespacedKey, ns),
            ResourceScope.Cluster => (space.Find(Encoding.UTF8.GetBytes(clusterKey)), clusterKey, null),
            _ => space.Find(Encoding.UTF8.GetBytes(namespacedKey)) is { } found
                ? (found, namespacedKey, ns)
                : (space.Find(Encoding.UTF8.GetBytes(clusterKey)), query.Namespace is null ? clusterKey : namespacedKey,
                    query.Namespace is null ? null : ns),
        };
    }

    /// <summary>Reads the object's newest record back by its revision: the one value this command copies.</summary>
    private static StoredObject ReadValue(BboltFile file, LiveKey live, string key)
    {
        var record = file.Get(BucketNames.Key, LiveKeyspace.BucketKey(live))
            ?? throw new CorruptDataException(file.Path, null, $"revision {live.Revision} of {key} vanished between two reads");
        if (!MvccKeyValue.TryParse(record, out var kv))
        {
            throw new CorruptDataException(file.Path, null, $"revision {live.Revision}: the mvccpb.KeyValue record does not decode");
        }

        // The value is a slice of the record just read: decode it in place rather than copy it again.
        var value = record.AsSpan().Overlaps(kv.Value, out var offset) ? record.AsMemory(offset, kv.Value.Length) : kv.Value.ToArray();
        return StoredValueDecoder.Decode(value, key);
    }

    internal static ResolvedResource? Resolve(string? resource, IEnumerable<LiveKeyspace> spaces, IEnumerable<SnapshotObject> objects)
    {
        if (resource is null)
        {
            return null;
        }

        var resolver = new ResourceResolver(spaces.SelectMany(s => s.CustomResources), objects.Select(o => o.Location));
        return resolver.Resolve(resource);
    }

    private static bool Matches(SnapshotObject o, ObjectFilter filter, ResolvedResource? resource) =>
        (resource is null || o.Location.StoragePrefix == resource.StoragePrefix)
        && (filter.Namespace is null || o.Location.Namespace == filter.Namespace);

    internal static List<SnapshotObject> Describe(LiveKeyspace space, string etcdPrefix)
    {
        var prefix = EtcdPrefix.Normalize(etcdPrefix);
        return [.. space.Keys.Values.Select(k => Describe(k, prefix))];
    }

    private static SnapshotObject Describe(LiveKey live, string etcdPrefix)
    {
        var location = RegistryKeyParser.Parse(live.Key, etcdPrefix);
        var facts = live.Facts;
        return new SnapshotObject
        {
            Location = location,
            ApiVersion = facts.ApiVersion,
            Kind = facts.Kind ?? (facts.Encoding == StoredValueEncoding.Encrypted ? location.ObjectKind : null),
            Encoding = facts.Encoding,
            Encryption = facts.Encryption,
            Size = live.Size,
            CreateRevision = live.CreateRevision,
            ModRevision = live.ModRevision,
            Version = live.Version,
            Lease = live.Lease,
            Problem = facts.Problem,
        };
    }

    internal static List<SnapshotObject> Sorted(IEnumerable<SnapshotObject> objects) =>
        [.. objects.OrderBy(o => o.Location.QualifiedResource ?? "", StringComparer.Ordinal)
            .ThenBy(o => o.Location.Namespace ?? "", StringComparer.Ordinal)
            .ThenBy(o => o.Location.Name ?? "", StringComparer.Ordinal)
            .ThenBy(o => o.Key, StringComparer.Ordinal)];
}
