using System.Text;
using System.Text.Json;

namespace EtcdSnap.IntegrationTests.Inspection;

/// <summary>One key of <c>etcdctl get -w json</c>.</summary>
internal sealed record EtcdctlKey(string Key, long CreateRevision, long ModRevision, long Version, byte[] Value);

/// <summary>Reads what etcdctl printed: the reference every inspection result is checked against.</summary>
internal static class EtcdctlKeys
{
    public static (long Revision, List<EtcdctlKey> Keys) Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var revision = doc.RootElement.GetProperty("header").GetProperty("revision").GetInt64();
        var keys = new List<EtcdctlKey>();
        if (doc.RootElement.TryGetProperty("kvs", out var kvs))
        {
            foreach (var kv in kvs.EnumerateArray())
            {
                keys.Add(new EtcdctlKey(
                    Encoding.UTF8.GetString(kv.GetProperty("key").GetBytesFromBase64()),
                    kv.GetProperty("create_revision").GetInt64(),
                    kv.GetProperty("mod_revision").GetInt64(),
                    kv.GetProperty("version").GetInt64(),
                    kv.TryGetProperty("value", out var v) ? v.GetBytesFromBase64() : []));
            }
        }

        return (revision, keys);
    }
}
