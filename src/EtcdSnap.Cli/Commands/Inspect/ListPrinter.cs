using EtcdSnap.Cli.Printing;
using EtcdSnap.Core.Inspection;
using EtcdSnap.Kubernetes.Objects;
using static EtcdSnap.Cli.Commands.Inspect.InspectJsonMapping;

namespace EtcdSnap.Cli.Commands.Inspect;

/// <summary>`ls` output: the JSON contract and the kubectl-like tables.</summary>
internal static class ListPrinter
{
    public static ListJson ToJson(SnapshotListing listing, bool allKeys)
    {
        var objects = listing.Objects;
        var totals = new ListTotalsJson(
            objects.Count,
            objects.Sum(o => o.Size),
            [.. objects.GroupBy(o => (o.Location.QualifiedResource!, o.Location.Namespace))
                .Select(g => new ResourceTotalJson(g.Key.Item1, g.Key.Namespace, g.Count(), g.Sum(o => o.Size)))],
            new EncodingTotalsJson(
                objects.Count(o => o.Encoding == StoredValueEncoding.Protobuf),
                objects.Count(o => o.Encoding == StoredValueEncoding.Json),
                objects.Count(o => o.Encoding == StoredValueEncoding.Encrypted),
                objects.Count(o => o.Encoding is StoredValueEncoding.Other or StoredValueEncoding.Empty)),
            new OtherKeyTotalsJson(
                listing.OtherKeys.Count(k => k.Location.Kind == RegistryKeyKind.Internal),
                listing.OtherKeys.Count(k => k.Location.Kind == RegistryKeyKind.Foreign),
                listing.OtherKeys.Count(k => k.Location.Kind == RegistryKeyKind.Malformed)));
        return new ListJson(listing.Revision, listing.CompactRevision, [.. objects.Select(Object)], totals, Secrets(listing.Secrets),
            allKeys ? [.. listing.OtherKeys.Select(OtherKey)] : null);
    }

    public static void WriteTable(TextWriter w, SnapshotListing listing, bool allKeys)
    {
        w.WriteLine(Summary(listing, allKeys));
        if (listing.Objects.Count > 0)
        {
            w.WriteLine();
            var totals = new TableWriter("RESOURCE", "NAMESPACE", "OBJECTS", "BYTES");
            foreach (var g in listing.Objects.GroupBy(o => (o.Location.QualifiedResource, o.Location.Namespace)))
            {
                totals.Row(g.Key.QualifiedResource, g.Key.Namespace, g.Count(), g.Sum(o => o.Size));
            }

            totals.WriteTo(w);
            w.WriteLine();
            var table = new TableWriter("NAMESPACE", "NAME", "KIND", "ENCODING", "BYTES", "CREATE-REV", "MOD-REV");
            foreach (var o in listing.Objects)
            {
                table.Row(o.Location.Namespace, ResourceAndName(o), o.Kind ?? "-", EncodingCell(o), o.Size, o.CreateRevision, o.ModRevision);
            }

            table.WriteTo(w);
        }

        if (allKeys && listing.OtherKeys.Count > 0)
        {
            w.WriteLine();
            var other = new TableWriter("KEY", "CLASS", "ENCODING", "BYTES", "CREATE-REV", "MOD-REV", "NOTE");
            foreach (var k in listing.OtherKeys)
            {
                other.Row(k.Key, Class(k.Location.Kind), Encoding(k.Encoding), k.Size, k.CreateRevision, k.ModRevision, k.Location.Note);
            }

            other.WriteTo(w);
        }
    }

    private static string Summary(SnapshotListing listing, bool allKeys)
    {
        var compacted = listing.CompactRevision is { } c ? $", compacted at {c}" : "";
        var filter = listing.Resource is null ? "" : $" of {listing.Resource.QualifiedName}";
        var other = listing.OtherKeys.Count == 0 ? ""
            : $", {InspectWarnings.Count(listing.OtherKeys.Count, "other key")}{(allKeys ? "" : " (--all-keys lists them)")}";
        return $"revision {listing.Revision}{compacted}: {InspectWarnings.Count(listing.Objects.Count, "object")}{filter}{other}";
    }
}
