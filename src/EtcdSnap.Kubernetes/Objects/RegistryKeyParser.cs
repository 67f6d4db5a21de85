using System.Text;

namespace EtcdSnap.Kubernetes.Objects;

/// <summary>
/// Takes apart the keys kube-apiserver writes: <c>&lt;prefix&gt;/[&lt;group&gt;/]&lt;resource&gt;/[&lt;namespace&gt;/]&lt;name&gt;</c>
/// with its special prefixes (<see cref="BuiltInResource.All"/>), custom resources under a dotted group, and its
/// internal keys.
/// </summary>
public static class RegistryKeyParser
{
    /// <summary>kube-apiserver's default <c>--etcd-prefix</c>.</summary>
    public const string DefaultPrefix = "/registry";

    /// <summary>The apiserver compactor's key, outside the prefix (apiserver <c>pkg/storage/etcd3/compact.go</c>).</summary>
    public const string CompactRevisionKey = "compact_rev_key";

    /// <summary>Parses a key given as etcd's bytes (invalid UTF-8 becomes U+FFFD).</summary>
    public static RegistryKey Parse(ReadOnlySpan<byte> key, string prefix = DefaultPrefix) =>
        Parse(Encoding.UTF8.GetString(key), prefix);

    /// <summary>Parses <paramref name="key"/>; <paramref name="prefix"/> is kube-apiserver's <c>--etcd-prefix</c>.</summary>
    public static RegistryKey Parse(string key, string prefix = DefaultPrefix)
    {
        ArgumentNullException.ThrowIfNull(key);
        var root = "/" + prefix.Trim('/');
        if (key == CompactRevisionKey)
        {
            return Internal(key, key, "apiserver compactor: the last compacted revision (its version is a logical clock)");
        }

        if (!key.StartsWith(root + "/", StringComparison.Ordinal))
        {
            return new RegistryKey { Key = key, Kind = RegistryKeyKind.Foreign, Note = $"not under {root}/" };
        }

        var segments = key[(root.Length + 1)..].Split('/');
        if (segments.Any(s => s.Length == 0))
        {
            return Malformed(key, "empty path segment");
        }

        return InternalKey(key, segments) ?? ObjectKey(key, segments);
    }

    private static RegistryKey? InternalKey(string key, string[] s) => s switch
    {
        ["masterleases", var ip] => Internal(key, ip, "API server endpoint lease (master endpoint reconciler)"),
        ["ranges", "serviceips"] => Internal(key, "serviceips", "service cluster IP allocator (RangeAllocation)"),
        ["ranges", "servicenodeports"] => Internal(key, "servicenodeports", "service node port allocator (RangeAllocation)"),
        _ => null,
    };

    private static RegistryKey ObjectKey(string key, string[] s)
    {
        // Two-segment prefixes first (services/specs, apiextensions.k8s.io/customresourcedefinitions, ...).
        if (s.Length >= 2 && BuiltInResource.FindByPrefix(s[0] + "/" + s[1]) is { } two)
        {
            return Known(key, two, s[2..]);
        }

        if (BuiltInResource.FindByPrefix(s[0]) is { } one)
        {
            return Known(key, one, s[1..]);
        }

        // A dotted first segment is an API group: custom resources are stored under group/resource
        // (apiextensions-apiserver customresource_handler.go), and CRD groups must contain a dot.
        return s[0].Contains('.', StringComparison.Ordinal) && s.Length >= 2
            ? Guess(key, s[0], s[1], s[0] + "/" + s[1], s[2..])
            : Guess(key, null, s[0], s[0], s[1..]);
    }

    private static RegistryKey Known(string key, BuiltInResource r, string[] rest)
    {
        var want = r.Scope == ResourceScope.Namespaced ? 2 : 1;
        if (rest.Length != want)
        {
            var shape = r.Scope == ResourceScope.Namespaced ? "<namespace>/<name>" : "<name>";
            return Malformed(key, $"{r.Resource} keys are /{r.StoragePrefix}/{shape}");
        }

        return new RegistryKey
        {
            Key = key,
            Kind = RegistryKeyKind.ApiObject,
            Resource = r.Resource,
            Group = r.Group,
            StoragePrefix = r.StoragePrefix,
            Namespace = rest.Length == 2 ? rest[0] : null,
            Name = rest[^1],
            Scope = r.Scope,
            ObjectKind = r.Kind,
        };
    }

    private static RegistryKey Guess(string key, string? group, string resource, string storagePrefix, string[] rest)
    {
        if (rest.Length is < 1 or > 2)
        {
            return Malformed(key, $"unknown resource \"{storagePrefix}\" with {rest.Length} segments after it");
        }

        return new RegistryKey
        {
            Key = key,
            Kind = RegistryKeyKind.ApiObject,
            Resource = resource,
            Group = group,
            StoragePrefix = storagePrefix,
            Namespace = rest.Length == 2 ? rest[0] : null,
            Name = rest[^1],
            Scope = rest.Length == 2 ? ResourceScope.Namespaced : ResourceScope.Cluster,
            ScopeIsGuess = true,
            Note = "resource not in the built-in table: scope guessed from the number of key segments",
        };
    }

    private static RegistryKey Internal(string key, string name, string note) =>
        new() { Key = key, Kind = RegistryKeyKind.Internal, Name = name, Note = note };

    private static RegistryKey Malformed(string key, string note) =>
        new() { Key = key, Kind = RegistryKeyKind.Malformed, Note = note };
}
