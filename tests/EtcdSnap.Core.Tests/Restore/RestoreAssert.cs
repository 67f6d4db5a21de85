using System.Text;
using EtcdSnap.Formats.Bbolt;

namespace EtcdSnap.Core.Tests.Restore;

/// <summary>Shared checks of restore outcomes: directory listings, db contents, file modes.</summary>
internal static class RestoreAssert
{
    /// <summary>Every entry under <paramref name="root"/> (hidden ones included) with its kind and size, sorted.</summary>
    public static List<string> Listing(string root) =>
        [.. Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(p => Directory.Exists(p)
                ? $"d {Path.GetRelativePath(root, p)}"
                : $"f {Path.GetRelativePath(root, p)} {new FileInfo(p).Length}")
            .Order(StringComparer.Ordinal)];

    /// <summary>Every bucket of a db with its entries (hex key → hex value), in bbolt order.</summary>
    public static SortedDictionary<string, List<string>> Dump(string dbPath)
    {
        using var db = BboltFile.Open(dbPath);
        var buckets = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var name in db.GetBucketNames())
        {
            var items = new List<string>();
            db.ForEach(name, (k, v, _) =>
            {
                items.Add(Convert.ToHexStringLower(k) + "=" + Convert.ToHexStringLower(v));
                return true;
            });
            buckets[Encoding.ASCII.GetString(name)] = items;
        }

        return buckets;
    }

    /// <summary>The value of one key, or null.</summary>
    public static byte[]? Get(string dbPath, string bucket, string key)
    {
        using var db = BboltFile.Open(dbPath);
        return db.Get(Encoding.ASCII.GetBytes(bucket), Encoding.ASCII.GetBytes(key));
    }

    /// <summary>Asserts 0700 on every directory and 0600 on every file under <paramref name="dataDir"/>.</summary>
    public static void PrivateModes(string dataDir)
    {
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(dataDir));
        foreach (var entry in Directory.EnumerateFileSystemEntries(dataDir, "*", SearchOption.AllDirectories))
        {
            var expected = Directory.Exists(entry)
                ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                : UnixFileMode.UserRead | UnixFileMode.UserWrite;
            Assert.True(File.GetUnixFileMode(entry) == expected, $"{entry}: {File.GetUnixFileMode(entry)}");
        }
    }
}
