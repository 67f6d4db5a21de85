using EtcdSnap.Core.Inspection;
using EtcdSnap.Kubernetes.Objects;

namespace EtcdSnap.Core.Tests.Inspection;

public sealed class SnapshotInspectorCompareTests
{
    private static readonly InspectionOptions s_default = new();

    /// <summary>The changes etcdctl's two recorded views imply, computed without EtcdSnap: by key and value bytes.</summary>
    private static (List<string> Added, List<string> Removed, List<string> Changed, List<string> Rewritten) Expected(bool objectsOnly)
    {
        var before = InspectionFixtures.Reference(InspectionFixtures.DemoBefore).Keys.ToDictionary(k => k.Key, StringComparer.Ordinal);
        var after = InspectionFixtures.Reference(InspectionFixtures.DemoAfter).Keys.ToDictionary(k => k.Key, StringComparer.Ordinal);
        bool Keep(string key) => !objectsOnly
            || (key.StartsWith("/registry/", StringComparison.Ordinal) && !key.StartsWith("/registry/ranges/", StringComparison.Ordinal));
        var keys = before.Keys.Union(after.Keys).Where(Keep).Order(StringComparer.Ordinal).ToList();
        return (
            keys.Where(k => !before.ContainsKey(k)).ToList(),
            keys.Where(k => !after.ContainsKey(k)).ToList(),
            keys.Where(k => before.ContainsKey(k) && after.ContainsKey(k) && !before[k].Value.SequenceEqual(after[k].Value)).ToList(),
            keys.Where(k => before.ContainsKey(k) && after.ContainsKey(k) && before[k].Value.SequenceEqual(after[k].Value)
                && before[k].ModRevision != after[k].ModRevision).ToList());
    }

    private static List<string> Keys(IEnumerable<SnapshotObject> objects) => objects.Select(o => o.Key).Order(StringComparer.Ordinal).ToList();

    private static List<string> Keys(IEnumerable<ObjectChange> changes) => Keys(changes.Select(c => c.New));

    [Fact]
    public void Compare_DemoBeforeAfter_ReportsExactlyWhatEtcdctlShows()
    {
        var expected = Expected(objectsOnly: true);

        var diff = SnapshotInspector.Compare(InspectionFixtures.DemoBefore, InspectionFixtures.DemoAfter, ObjectFilter.All, s_default);

        Assert.Equal(expected.Added, Keys(diff.Added));
        Assert.Equal(expected.Removed, Keys(diff.Removed));
        Assert.Equal(expected.Changed, Keys(diff.Changed));
        Assert.Equal(expected.Rewritten, Keys(diff.Rewritten));
        Assert.Equal(["/registry/minions/controlplane"], Keys(diff.Rewritten));
        Assert.Equal(40 - expected.Removed.Count - expected.Changed.Count - expected.Rewritten.Count, diff.Unchanged);
        Assert.Equal(
            (InspectionFixtures.Reference(InspectionFixtures.DemoBefore).Revision, InspectionFixtures.Reference(InspectionFixtures.DemoAfter).Revision),
            (diff.Old.Revision, diff.New.Revision));
    }

    [Fact]
    public void Compare_AllKeys_AlsoComparesApiserverInternals()
    {
        var expected = Expected(objectsOnly: false);

        var diff = SnapshotInspector.Compare(InspectionFixtures.DemoBefore, InspectionFixtures.DemoAfter, ObjectFilter.All, s_default,
            includeOtherKeys: true);

        Assert.Equal(expected.Changed, Keys(diff.Changed));
        Assert.Contains(diff.Changed, c => c.New is { Key: "compact_rev_key", Location.Kind: RegistryKeyKind.Internal });
    }

    [Fact]
    public void Compare_RecreatedObject_IsChangedWithANewCreateRevision()
    {
        var diff = SnapshotInspector.Compare(InspectionFixtures.DemoBefore, InspectionFixtures.DemoAfter, ObjectFilter.All, s_default);

        var recreated = Assert.Single(diff.Changed, c => c.Recreated);
        Assert.Equal("/registry/services/specs/default/red-service", recreated.New.Key);
        Assert.True(recreated.New.CreateRevision > recreated.Old.ModRevision);
    }

    [Fact]
    public void Compare_Filter_KeepsOneResourceInOneNamespace()
    {
        var diff = SnapshotInspector.Compare(InspectionFixtures.DemoBefore, InspectionFixtures.DemoAfter, new ObjectFilter("default", "pod"),
            s_default);

        Assert.Equal(["/registry/pods/default/red-6684f7669d-x9k2p"], Keys(diff.Added));
        Assert.Equal(["/registry/pods/default/blue-6b478c8dbf-wcqww"], Keys(diff.Removed));
        Assert.Empty(diff.Changed);
        Assert.Equal(4, diff.Unchanged);
    }

    [Fact]
    public void Compare_SameFile_FindsNothing()
    {
        var diff = SnapshotInspector.Compare(InspectionFixtures.DemoAfter, InspectionFixtures.DemoAfter, ObjectFilter.All, s_default);

        Assert.Empty(diff.Added.Concat(diff.Removed));
        Assert.Empty(diff.Changed.Concat(diff.Rewritten));
        Assert.Equal(42, diff.Unchanged);
    }
}
