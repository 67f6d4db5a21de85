namespace EtcdSnap.Formats.Tests.Wal;

/// <summary>Paths of WAL fixtures and small helpers to lay them out as WAL directories.</summary>
public static class WalTestData
{
    public static string LiveMemberDir => Path.Combine(AppContext.BaseDirectory, "testdata", "wal", "live-member");

    /// <summary>Writes the live-member segment into <paramref name="walDir"/>, zero-extended like the original.</summary>
    public static string WriteLiveMember(string walDir, bool fullSize = false)
    {
        Directory.CreateDirectory(walDir);
        var name = File.ReadAllText(Path.Combine(LiveMemberDir, "segment-name.txt")).Trim();
        var data = File.ReadAllBytes(Path.Combine(LiveMemberDir, "wal-data.bin"));
        var path = Path.Combine(walDir, name);
        using var f = new FileStream(path, FileMode.CreateNew);
        f.Write(data);
        // A short zero tail is enough for the reader (it stops at a zero length field); the full 64 MB only on request.
        f.SetLength(fullSize ? long.Parse(File.ReadAllText(Path.Combine(LiveMemberDir, "wal-size.txt")).Trim(),
            System.Globalization.CultureInfo.InvariantCulture) : data.Length + 4096);
        return path;
    }
}
