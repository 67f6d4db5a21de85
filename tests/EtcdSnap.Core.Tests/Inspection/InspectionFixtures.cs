using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace EtcdSnap.Core.Tests.Inspection;

/// <summary>One key of <c>etcdctl get -w json</c>.</summary>
internal sealed record EtcdctlKey(string Key, long CreateRevision, long ModRevision, long Version, byte[] Value);

/// <summary>The real-etcd fixtures under Inspection/testdata (see its README.md) and what etcdctl printed for them.</summary>
internal static class InspectionFixtures
{
    public static string Directory([CallerFilePath] string thisFile = "") => Path.Combine(Path.GetDirectoryName(thisFile)!, "testdata");

    public static string DemoBefore => Path.Combine(Directory(), "demo-before.snapshot.db");

    public static string DemoAfter => Path.Combine(Directory(), "demo-after.snapshot.db");

    public static string EncryptedCustomPrefix => Path.Combine(Directory(), "encrypted-k8s-prefix.snapshot.db");

    /// <summary><c>etcdctl get "" --prefix -w json</c> recorded just before the snapshot was saved.</summary>
    public static (long Revision, List<EtcdctlKey> Keys) Reference(string snapshot)
    {
        var json = File.ReadAllText(snapshot.Replace(".snapshot.db", ".etcdctl.json", StringComparison.Ordinal));
        using var doc = JsonDocument.Parse(json);
        var revision = doc.RootElement.GetProperty("header").GetProperty("revision").GetInt64();
        var keys = new List<EtcdctlKey>();
        foreach (var kv in doc.RootElement.GetProperty("kvs").EnumerateArray())
        {
            keys.Add(new EtcdctlKey(
                Encoding.UTF8.GetString(kv.GetProperty("key").GetBytesFromBase64()),
                kv.GetProperty("create_revision").GetInt64(),
                kv.GetProperty("mod_revision").GetInt64(),
                kv.GetProperty("version").GetInt64(),
                kv.TryGetProperty("value", out var v) ? v.GetBytesFromBase64() : []));
        }

        return (revision, keys);
    }

    /// <summary>A private copy of a fixture, for tests that change it.</summary>
    public static string CopyTo(string fixture, string dir, string? name = null)
    {
        var target = Path.Combine(dir, name ?? Path.GetFileName(fixture));
        File.Copy(fixture, target, overwrite: true);
        return target;
    }

    /// <summary>The encoding an independent look at the value's first bytes gives (etcd-formats.md §6.2).</summary>
    public static string ExpectedEncoding(byte[] value) =>
        value.AsSpan().StartsWith("k8s:enc:"u8) ? "Encrypted"
        : value.AsSpan().StartsWith("k8s\0"u8) ? "Protobuf"
        : value.Length > 0 && value[0] == (byte)'{' ? "Json"
        : value.Length == 0 ? "Empty" : "Other";
}
