using EtcdSnap.Core.Inspection;
using EtcdSnap.Formats;
using EtcdSnap.Kubernetes.Objects;
using EtcdSnap.Testing;

namespace EtcdSnap.Core.Tests.Inspection;

public sealed class SnapshotInspectorListTests
{
    private static readonly InspectionOptions s_default = new();

    public static TheoryData<string, string> Fixtures => new()
    {
        { InspectionFixtures.DemoBefore, EtcdPrefix.Default },
        { InspectionFixtures.DemoAfter, EtcdPrefix.Default },
        { InspectionFixtures.EncryptedCustomPrefix, "/k8s" },
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void List_EveryLiveKey_MatchesEtcdctlKeysRevisionsAndSizes(string snapshot, string prefix)
    {
        var (revision, expected) = InspectionFixtures.Reference(snapshot);

        var listing = SnapshotInspector.List(snapshot, ObjectFilter.All, new InspectionOptions { EtcdPrefix = prefix });

        Assert.Equal(revision, listing.Revision);
        var actual = listing.Objects.Concat(listing.OtherKeys).OrderBy(o => o.Key, StringComparer.Ordinal)
            .Select(o => (o.Key, o.CreateRevision, o.ModRevision, o.Version, o.Size));
        Assert.Equal(expected.Select(k => (k.Key, k.CreateRevision, k.ModRevision, k.Version, (long)k.Value.Length)), actual);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void List_Encodings_MatchTheValuesFirstBytes(string snapshot, string prefix)
    {
        var values = InspectionFixtures.Reference(snapshot).Keys.ToDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal);

        var listing = SnapshotInspector.List(snapshot, ObjectFilter.All, new InspectionOptions { EtcdPrefix = prefix });

        Assert.All(listing.Objects.Concat(listing.OtherKeys), o =>
            Assert.Equal(InspectionFixtures.ExpectedEncoding(values[o.Key]), o.Encoding.ToString()));
    }

    [Fact]
    public void List_TypeMeta_IsTheEnvelopesOrTheJsonFields()
    {
        var values = InspectionFixtures.Reference(InspectionFixtures.DemoBefore).Keys.ToDictionary(k => k.Key, k => k.Value, StringComparer.Ordinal);

        var listing = SnapshotInspector.List(InspectionFixtures.DemoBefore, ObjectFilter.All, s_default);

        Assert.All(listing.Objects, o =>
        {
            var stored = StoredValueDecoder.Decode(values[o.Key], o.Key);
            Assert.Equal(stored.ApiVersion, o.ApiVersion);
            Assert.Equal(stored.Kind ?? o.Location.ObjectKind, o.Kind);
            Assert.Null(o.Problem);
        });
        Assert.Contains(listing.Objects, o => o is { Kind: "Backup", ApiVersion: "demo.etcdsnap.io/v1", Encoding: StoredValueEncoding.Json });
        var encrypted = Assert.Single(listing.Objects, o => o.Encoding == StoredValueEncoding.Encrypted);
        Assert.Equal(("Secret", null, "aescbc", "key1"),
            (encrypted.Kind, encrypted.ApiVersion, encrypted.Encryption!.Provider, encrypted.Encryption.KeyName));
    }

    [Fact]
    public void List_Demo_ClassifiesApiserverInternalsAsOtherKeys()
    {
        var listing = SnapshotInspector.List(InspectionFixtures.DemoBefore, ObjectFilter.All, s_default);

        Assert.Equal(["/registry/ranges/serviceips", "/registry/ranges/servicenodeports", "compact_rev_key"],
            listing.OtherKeys.Select(k => k.Key).Order(StringComparer.Ordinal));
        Assert.All(listing.OtherKeys, k => Assert.Equal(RegistryKeyKind.Internal, k.Location.Kind));
        Assert.Equal(40, listing.Objects.Count);
    }

    [Fact]
    public void List_Objects_AreSortedByResourceNamespaceAndName()
    {
        var listing = SnapshotInspector.List(InspectionFixtures.DemoBefore, ObjectFilter.All, s_default);

        var keys = listing.Objects.Select(o => (o.Location.QualifiedResource!, o.Location.Namespace ?? "", o.Location.Name!)).ToList();
        Assert.Equal(keys.OrderBy(k => k.Item1, StringComparer.Ordinal).ThenBy(k => k.Item2, StringComparer.Ordinal)
            .ThenBy(k => k.Item3, StringComparer.Ordinal), keys);
    }

    [Fact]
    public void List_NamespaceAndResourceFilter_KeepOnlyThose()
    {
        var listing = SnapshotInspector.List(InspectionFixtures.DemoBefore, new ObjectFilter("default", "po"), s_default);

        Assert.Equal("pods", listing.Resource!.QualifiedName);
        Assert.Equal(5, listing.Objects.Count);
        Assert.All(listing.Objects, o => Assert.Equal(("pods", "default"), (o.Location.Resource, o.Location.Namespace)));
        Assert.Empty(listing.OtherKeys);
        Assert.Equal(2, listing.Secrets.Total); // a fact about the file, never filtered
    }

    [Fact]
    public void List_NamespaceFilter_LeavesOutClusterScopedObjects()
    {
        var listing = SnapshotInspector.List(InspectionFixtures.DemoBefore, new ObjectFilter("kube-system"), s_default);

        Assert.NotEmpty(listing.Objects);
        Assert.All(listing.Objects, o => Assert.Equal("kube-system", o.Location.Namespace));
    }

    [Fact]
    public void List_UnknownResource_ThrowsWithHint()
    {
        var e = Assert.Throws<UnknownResourceException>(() =>
            SnapshotInspector.List(InspectionFixtures.DemoBefore, new ObjectFilter(Resource: "frobnicators"), s_default));

        Assert.Contains("\"frobnicators\"", e.Message, StringComparison.Ordinal);
        Assert.NotNull(e.Hint);
    }

    [Fact]
    public void List_Secrets_CountsUnencryptedOnes()
    {
        Assert.Equal(new SecretExposure(2, 1), SnapshotInspector.List(InspectionFixtures.DemoBefore, ObjectFilter.All, s_default).Secrets);
        Assert.Equal(new SecretExposure(3, 0),
            SnapshotInspector.List(InspectionFixtures.EncryptedCustomPrefix, ObjectFilter.All, new InspectionOptions { EtcdPrefix = "k8s/" }).Secrets);
    }

    [Fact]
    public void List_WrongPrefix_SeesOnlyForeignKeys()
    {
        var listing = SnapshotInspector.List(InspectionFixtures.EncryptedCustomPrefix, ObjectFilter.All, s_default);

        Assert.Empty(listing.Objects);
        Assert.Equal(9, listing.OtherKeys.Count(k => k.Location.Kind == RegistryKeyKind.Foreign));
    }

    [Fact]
    public void List_AfterCompaction_ReportsTheCompactRevision()
    {
        var (revision, _) = InspectionFixtures.Reference(InspectionFixtures.DemoAfter);

        // The data set compacts at the member's last revision, just before the save.
        Assert.Equal(revision, SnapshotInspector.List(InspectionFixtures.DemoAfter, ObjectFilter.All, s_default).CompactRevision);
        Assert.Null(SnapshotInspector.List(InspectionFixtures.DemoBefore, ObjectFilter.All, s_default).CompactRevision);
    }

    [Fact]
    public void List_RawDbWithoutTrailer_GivesTheSameObjects()
    {
        using var temp = new TempDirectory("inspect-raw");
        var raw = InspectionFixtures.CopyTo(InspectionFixtures.DemoAfter, temp.Path, "raw.db");
        using (var stream = new FileStream(raw, FileMode.Open, FileAccess.ReadWrite))
        {
            stream.SetLength(stream.Length - 32); // what a copy of member/snap/db looks like: no SHA-256 trailer
        }

        var withTrailer = SnapshotInspector.List(InspectionFixtures.DemoAfter, ObjectFilter.All, s_default);
        var without = SnapshotInspector.List(raw, ObjectFilter.All, s_default);

        Assert.True(withTrailer.HasTrailer);
        Assert.False(without.HasTrailer);
        Assert.Equal(withTrailer.Objects, without.Objects);
        Assert.Equal(withTrailer.OtherKeys, without.OtherKeys);
    }

    [Fact]
    public void List_VerifyTrailer_PassesOnAGoodFileAndRefusesAMissingOrWrongOne()
    {
        using var temp = new TempDirectory("inspect-verify");
        var verify = new InspectionOptions { VerifyTrailer = true };
        Assert.Equal(40, SnapshotInspector.List(InspectionFixtures.DemoBefore, ObjectFilter.All, verify).Objects.Count);

        var raw = InspectionFixtures.CopyTo(InspectionFixtures.DemoBefore, temp.Path, "raw.db");
        File.WriteAllBytes(raw, File.ReadAllBytes(raw)[..^32]);
        var missing = Assert.Throws<CorruptDataException>(() => SnapshotInspector.List(raw, ObjectFilter.All, verify));
        Assert.Contains("sha256 checksum not found", missing.Message, StringComparison.Ordinal);

        var flipped = InspectionFixtures.CopyTo(InspectionFixtures.DemoBefore, temp.Path, "flipped.db");
        var bytes = File.ReadAllBytes(flipped);
        bytes[^1] ^= 0x01;
        File.WriteAllBytes(flipped, bytes);
        var wrong = Assert.Throws<CorruptDataException>(() => SnapshotInspector.List(flipped, ObjectFilter.All, verify));
        Assert.Contains("expected sha256", wrong.Message, StringComparison.Ordinal);
    }
}
