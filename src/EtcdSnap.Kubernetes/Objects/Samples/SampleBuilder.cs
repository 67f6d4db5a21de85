using System.Security.Cryptography;
using System.Text;

namespace EtcdSnap.Kubernetes.Objects.Samples;

/// <summary>Collects sample entries with deterministic uids and timestamps, so the demo prints the same every run.</summary>
internal sealed class SampleBuilder(DateTimeOffset clusterCreated)
{
    private readonly List<SampleEntry> _entries = [];
    private readonly Dictionary<string, string> _uids = new(StringComparer.Ordinal);

    public IReadOnlyList<SampleEntry> Entries => _entries;

    /// <summary>A stable UUID-shaped uid for an object (version-4 layout, derived from its identity).</summary>
    public string Uid(string kind, string ns, string name)
    {
        var id = $"{kind}/{ns}/{name}";
        if (_uids.TryGetValue(id, out var uid))
        {
            return uid;
        }

        var h = SHA256.HashData(Encoding.UTF8.GetBytes(id));
        h[6] = (byte)((h[6] & 0x0F) | 0x40);
        h[8] = (byte)((h[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(h.AsSpan(0, 16));
        uid = $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..32]}";
        _uids[id] = uid;
        return uid;
    }

    public ObjectMeta Meta(string kind, string ns, string name, int minutesAfterCreate, IReadOnlyDictionary<string, string>? labels = null,
        IReadOnlyList<OwnerReference>? owners = null, long generation = 0, IReadOnlyDictionary<string, string>? annotations = null) =>
        new()
        {
            Name = name,
            Namespace = ns,
            Uid = Uid(kind, ns, name),
            Generation = generation,
            CreationTimestamp = clusterCreated.AddMinutes(minutesAfterCreate),
            Labels = labels ?? new Dictionary<string, string>(),
            Annotations = annotations ?? new Dictionary<string, string>(),
            OwnerReferences = owners ?? [],
        };

    public OwnerReference Owner(string apiVersion, string kind, string ns, string name) =>
        new(apiVersion, kind, name, Uid(kind, ns, name), Controller: true, BlockOwnerDeletion: true);

    public void Protobuf(string key, string apiVersion, string kind, ObjectMeta meta, byte[] body) =>
        _entries.Add(new SampleEntry(key, KubernetesObjectEncoder.Protobuf(apiVersion, kind, meta, body)));

    public void Raw(string key, byte[] value) => _entries.Add(new SampleEntry(key, value));

    public static Dictionary<string, string> Labels(params string[] pairs)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < pairs.Length; i += 2)
        {
            map[pairs[i]] = pairs[i + 1];
        }

        return map;
    }
}
