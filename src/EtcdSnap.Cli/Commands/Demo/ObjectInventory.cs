using EtcdSnap.Etcd;
using EtcdSnap.Kubernetes.Objects;

namespace EtcdSnap.Cli.Commands.Demo;

/// <summary>One Kubernetes object as the demo shows it: the kubectl name and what etcd holds for it.</summary>
/// <param name="Key">The etcd key.</param>
/// <param name="Namespace">Its namespace (empty for cluster-scoped objects).</param>
/// <param name="DisplayName">As <c>kubectl get all</c> prints it: <c>deployment.apps/blue</c>, <c>service/blue-service</c>.</param>
/// <param name="Value">The stored bytes.</param>
/// <param name="CreateRevision">etcd's create revision.</param>
/// <param name="ModRevision">etcd's mod revision (kube-apiserver's resourceVersion).</param>
/// <param name="Version">etcd's per-key version.</param>
internal sealed record DemoObject(string Key, string Namespace, string DisplayName, ReadOnlyMemory<byte> Value, long CreateRevision,
    long ModRevision, long Version)
{
    /// <summary>Same value and the same revisions.</summary>
    public bool SameAs(DemoObject other) =>
        Value.Span.SequenceEqual(other.Value.Span) && CreateRevision == other.CreateRevision && ModRevision == other.ModRevision
        && Version == other.Version;
}

/// <summary>Reads every Kubernetes object in etcd, with names as kubectl prints them.</summary>
internal static class ObjectInventory
{
    // kubectl get all's order first, then the rest alphabetically.
    private static readonly string[] s_order = ["pod", "service", "daemonset.apps", "deployment.apps", "replicaset.apps"];

    /// <summary>Every API object under <c>/registry/</c>, keyed by etcd key.</summary>
    public static async Task<IReadOnlyDictionary<string, DemoObject>> ReadAsync(EtcdMemberClient client, CancellationToken cancellationToken)
    {
        var objects = new Dictionary<string, DemoObject>(StringComparer.Ordinal);
        await foreach (var kv in client.RangePagedAsync(RegistryKeyParser.DefaultPrefix + "/", cancellationToken: cancellationToken))
        {
            var key = RegistryKeyParser.Parse(kv.Key.Span);
            if (key.Kind != RegistryKeyKind.ApiObject || key.Name is null)
            {
                continue;
            }

            objects[kv.KeyText] = new DemoObject(kv.KeyText, key.Namespace ?? "", $"{TypeName(key, kv.Value)}/{key.Name}", kv.Value,
                kv.CreateRevision, kv.ModRevision, kv.Version);
        }

        return objects;
    }

    /// <summary>Sorts objects the way <c>kubectl get all</c> lists them.</summary>
    public static IEnumerable<DemoObject> KubectlOrder(IEnumerable<DemoObject> objects) => objects
        .OrderBy(o => Rank(o.DisplayName))
        .ThenBy(o => o.DisplayName, StringComparer.Ordinal);

    private static int Rank(string displayName)
    {
        var type = displayName[..displayName.IndexOf('/', StringComparison.Ordinal)];
        var i = Array.IndexOf(s_order, type);
        return i < 0 ? s_order.Length : i;
    }

    // kubectl prints the kind in lower case with its group: deployment.apps/blue. The kind comes from the resource table,
    // else from the stored object itself (custom resources), else the resource name.
    private static string TypeName(RegistryKey key, ReadOnlyMemory<byte> value)
    {
        var kind = key.ObjectKind;
        if (kind is null)
        {
            try
            {
                kind = StoredValueDecoder.Decode(value, key.Key).Kind;
            }
            catch (Formats.CorruptDataException)
            {
                kind = null;
            }
        }

        var type = (kind ?? key.Resource ?? "object").ToLowerInvariant();
        return string.IsNullOrEmpty(key.Group) ? type : $"{type}.{key.Group}";
    }
}
