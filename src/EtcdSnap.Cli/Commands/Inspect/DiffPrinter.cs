using EtcdSnap.Cli.Printing;
using EtcdSnap.Core.Inspection;
using static EtcdSnap.Cli.Commands.Inspect.InspectJsonMapping;

namespace EtcdSnap.Cli.Commands.Inspect;

/// <summary>`diff` output: the JSON contract and the kubectl-like tables.</summary>
internal static class DiffPrinter
{
    private enum Change
    {
        Added,
        Removed,
        Changed,
        Rewritten,
    }

    public static DiffJson ToJson(SnapshotComparison diff) => new(
        new DiffSideJson(diff.Old.Revision),
        new DiffSideJson(diff.New.Revision),
        [.. diff.Added.Select(Object)],
        [.. diff.Removed.Select(Object)],
        [.. diff.Changed.Select(Changed)],
        [.. diff.Rewritten.Select(Changed)],
        new DiffTotalsJson(diff.Added.Count, diff.Removed.Count, diff.Changed.Count, diff.Rewritten.Count, diff.Unchanged,
            [.. ByResource(diff).Select(g => new DiffResourceTotalJson(g.Resource, g.Namespace,
                g.Rows.Count(r => r.Change == Change.Added), g.Rows.Count(r => r.Change == Change.Removed),
                g.Rows.Count(r => r.Change == Change.Changed), g.Rows.Count(r => r.Change == Change.Rewritten)))]));

    public static void WriteTable(TextWriter w, SnapshotComparison diff)
    {
        w.WriteLine($"revision {diff.Old.Revision} -> {diff.New.Revision}: {diff.Added.Count} added, {diff.Removed.Count} removed, " +
            $"{diff.Changed.Count} changed, {diff.Rewritten.Count} rewritten, {diff.Unchanged} unchanged" +
            (diff.Resource is null ? "" : $" ({diff.Resource.QualifiedName})"));
        var groups = ByResource(diff);
        if (groups.Count == 0)
        {
            return;
        }

        w.WriteLine();
        var totals = new TableWriter("RESOURCE", "NAMESPACE", "ADDED", "REMOVED", "CHANGED", "REWRITTEN");
        foreach (var g in groups)
        {
            int Count(Change change) => g.Rows.Count(r => r.Change == change);
            totals.Row(g.Resource ?? "(other keys)", g.Namespace, Count(Change.Added), Count(Change.Removed), Count(Change.Changed),
                Count(Change.Rewritten));
        }

        totals.WriteTo(w);
        w.WriteLine();
        var table = new TableWriter("CHANGE", "NAMESPACE", "NAME", "OLD-REV", "NEW-REV", "OLD-BYTES", "NEW-BYTES");
        foreach (var row in groups.SelectMany(g => g.Rows))
        {
            var (o, n) = (row.Old, row.New);
            var word = row.Change == Change.Changed && o!.CreateRevision != n!.CreateRevision
                ? "recreated"
                : row.Change.ToString().ToLowerInvariant();
            var shown = n ?? o!;
            table.Row(word, shown.Location.Namespace, ResourceAndName(shown), o?.ModRevision.ToString(s_invariant) ?? "-",
                n?.ModRevision.ToString(s_invariant) ?? "-", o?.Size.ToString(s_invariant) ?? "-", n?.Size.ToString(s_invariant) ?? "-");
        }

        table.WriteTo(w);
    }

    private static readonly IFormatProvider s_invariant = System.Globalization.CultureInfo.InvariantCulture;

    private sealed record Row(Change Change, SnapshotObject? Old, SnapshotObject? New)
    {
        public SnapshotObject Shown => New ?? Old!;
    }

    private sealed record Group(string? Resource, string? Namespace, List<Row> Rows);

    /// <summary>All changes, grouped by resource and namespace, each group in name order.</summary>
    private static List<Group> ByResource(SnapshotComparison diff)
    {
        var rows = diff.Added.Select(o => new Row(Change.Added, null, o))
            .Concat(diff.Removed.Select(o => new Row(Change.Removed, o, null)))
            .Concat(diff.Changed.Select(c => new Row(Change.Changed, c.Old, c.New)))
            .Concat(diff.Rewritten.Select(c => new Row(Change.Rewritten, c.Old, c.New)));
        return [.. rows
            .OrderBy(r => r.Shown.Location.QualifiedResource is null) // keys that are not objects last
            .ThenBy(r => r.Shown.Location.QualifiedResource ?? r.Shown.Key, StringComparer.Ordinal)
            .ThenBy(r => r.Shown.Location.Namespace ?? "", StringComparer.Ordinal)
            .ThenBy(r => r.Shown.Location.Name ?? "", StringComparer.Ordinal)
            .GroupBy(r => (r.Shown.Location.QualifiedResource, r.Shown.Location.Namespace))
            .Select(g => new Group(g.Key.Item1, g.Key.Namespace, [.. g]))];
    }
}
