using System.Globalization;
using EtcdSnap.Cli.Printing;

namespace EtcdSnap.Cli.Commands.Restore;

/// <summary>The default (table) output of <c>etcdsnap restore</c>: a summary, then one row per member.</summary>
internal static class RestoreTable
{
    /// <summary>Writes <paramref name="r"/> for a person.</summary>
    public static void Write(TextWriter w, RestoreOutput r)
    {
        var hash = r.Sha256 is null ? "not computed (--skip-hash-check)"
            : r.TrailerVerified ? $"{r.Sha256} (trailer verified)"
            : $"{r.Sha256} (no trailer checked)";
        if (r.PinnedHashMatched)
        {
            hash += ", matches the pinned hash";
        }

        var revision = r.BumpedRevision is { } bumped
            ? Invariant($"{r.Revision}, bumped to {bumped} (older revisions compacted)")
            : Invariant($"{r.Revision}");
        var summary = new TableWriter("", "")
            .Row("snapshot:", r.Snapshot)
            .Row("sha256:", hash)
            .Row("cluster id:", $"{r.ClusterId} (token {r.Token})")
            .Row("revision:", revision)
            .Row("keys:", Invariant($"{r.TotalKey} total keys, {r.KeyRevisions} key revisions"))
            .Row("db size:", Invariant($"{r.DbSize} bytes"))
            .Row("written for:", r.Target == "etcdutl" ? "etcd 3.4-3.6 (etcdutl 3.5/3.6 form)" : "etcd " + r.Target)
            .Row("duration:", Invariant($"{r.DurationSeconds:0.###}s"));
        if (r.StorageVersionDropped)
        {
            summary.Row("note:", "meta/storageVersion of the 3.6 snapshot removed for the target version");
        }

        WriteWithoutHeader(w, summary);
        w.WriteLine();

        var members = new TableWriter("NAME", "MEMBER ID", "PEER URLS", "DATA DIR", "WAL DIR");
        foreach (var m in r.Members)
        {
            members.Row(m.Name, m.Id, string.Join(',', m.PeerUrls), m.DataDir ?? "(restore separately)", m.WalDir ?? "");
        }

        members.WriteTo(w);
    }

    // The summary is a two-column list: the table writer aligns it, its empty header line is dropped.
    private static void WriteWithoutHeader(TextWriter w, TableWriter table)
    {
        using var buffer = new StringWriter(CultureInfo.InvariantCulture);
        table.WriteTo(buffer);
        var text = buffer.ToString();
        w.Write(text[(text.IndexOf('\n', StringComparison.Ordinal) + 1)..]);
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
