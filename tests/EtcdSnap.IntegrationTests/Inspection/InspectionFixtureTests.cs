using EtcdSnap.Core.Inspection;
using EtcdSnap.Testing;

namespace EtcdSnap.IntegrationTests.Inspection;

/// <summary>
/// The committed inspection fixtures (tests/EtcdSnap.Core.Tests/Inspection/testdata) are what the data set gives with
/// real etcd: regenerated here on every run and compared key by key. <c>UPDATE_FIXTURES=1</c> replaces them.
/// </summary>
public sealed class InspectionFixtureTests
{
    [Fact]
    public async Task Regenerate_FromTheDataSet_GivesTheCommittedFixtures()
    {
        using var temp = new TempDirectory("inspect-fixtures");
        await InspectionFixtures.GenerateAsync(temp.Path);
        var committed = InspectionFixtures.CommittedDirectory();
        if (Environment.GetEnvironmentVariable("UPDATE_FIXTURES") == "1")
        {
            Directory.CreateDirectory(committed);
            foreach (var name in InspectionFixtures.Names)
            {
                File.Copy(InspectionFixtures.Snapshot(temp.Path, name), InspectionFixtures.Snapshot(committed, name), overwrite: true);
                File.Copy(InspectionFixtures.Reference(temp.Path, name), InspectionFixtures.Reference(committed, name), overwrite: true);
            }
        }

        foreach (var name in InspectionFixtures.Names)
        {
            // Given the same writes in the same order, etcd gives the same keys, values and revisions; only member and
            // cluster ids (in the members bucket and etcdctl's header) differ between runs.
            var fresh = EtcdctlKeys.Parse(await File.ReadAllTextAsync(InspectionFixtures.Reference(temp.Path, name)));
            var kept = EtcdctlKeys.Parse(await File.ReadAllTextAsync(InspectionFixtures.Reference(committed, name)));
            Assert.Equal(kept.Revision, fresh.Revision);
            Assert.Equal(Describe(kept.Keys), Describe(fresh.Keys));

            var prefix = name.Contains("k8s-prefix", StringComparison.Ordinal) ? InspectionDataSet.CustomPrefix : EtcdPrefix.Default;
            var options = new InspectionOptions { EtcdPrefix = prefix };
            var freshList = SnapshotInspector.List(InspectionFixtures.Snapshot(temp.Path, name), ObjectFilter.All, options);
            var keptList = SnapshotInspector.List(InspectionFixtures.Snapshot(committed, name), ObjectFilter.All, options);
            Assert.Equal(keptList.Revision, freshList.Revision);
            Assert.Equal(keptList.CompactRevision, freshList.CompactRevision);
            Assert.Equal(keptList.Objects.Concat(keptList.OtherKeys), freshList.Objects.Concat(freshList.OtherKeys));
        }
    }

    private static List<string> Describe(List<EtcdctlKey> keys) =>
        [.. keys.Select(k => $"{k.Key} {k.CreateRevision} {k.ModRevision} {k.Version} {Convert.ToHexStringLower(k.Value)}")];
}
