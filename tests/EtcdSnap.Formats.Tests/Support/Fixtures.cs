using System.Security.Cryptography;
using System.Text.Json;

namespace EtcdSnap.Formats.Tests.Support;

/// <summary>The real-etcd fixtures under testdata/bbolt (see its README.md) and the numbers etcdctl printed for them.</summary>
internal static class Fixtures
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "testdata", "bbolt");

    public static string VariedSnapshot => Path.Combine(Directory, "varied.snapshot.db");

    public static string VariedRaw => Path.Combine(Directory, "varied.raw.db");

    public static string SmallSnapshot => Path.Combine(Directory, "small.snapshot.db");

    public static IEnumerable<string> AllDbs => [VariedSnapshot, VariedRaw, SmallSnapshot];

    /// <summary>The <c>etcdctl snapshot status -w json</c> recorded next to a fixture.</summary>
    public static EtcdctlStatus RecordedStatus(string db)
    {
        var json = Path.ChangeExtension(db, ".status.json");
        return EtcdctlStatus.Parse(File.ReadAllText(json));
    }

    public static long RecordedLiveKeys()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Directory, "varied.live-keys.json")));
        return doc.RootElement.GetProperty("count").GetInt64();
    }

    /// <summary>A private copy of a fixture in <paramref name="dir"/>, for mutation.</summary>
    public static string CopyTo(string fixture, string dir, string? name = null)
    {
        var target = Path.Combine(dir, name ?? Path.GetFileName(fixture));
        File.Copy(fixture, target, overwrite: true);
        return target;
    }

    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

/// <summary>The JSON etcdctl 3.4 prints for <c>snapshot status -w json</c>.</summary>
internal sealed record EtcdctlStatus(uint Hash, long Revision, long TotalKey, long TotalSize)
{
    public static EtcdctlStatus Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var r = doc.RootElement;
        return new EtcdctlStatus(r.GetProperty("hash").GetUInt32(), r.GetProperty("revision").GetInt64(),
            r.GetProperty("totalKey").GetInt64(), r.GetProperty("totalSize").GetInt64());
    }
}
