using System.Text.Json;
using System.Text.Json.Nodes;
using EtcdSnap.Core.Inspection;
using EtcdSnap.Kubernetes.Objects;
using EtcdSnap.Kubernetes.Objects.Samples;

namespace EtcdSnap.Core.Tests.Inspection;

public sealed class SnapshotInspectorGetTests
{
    private static readonly InspectionOptions s_default = new();

    /// <summary>What was written for a key: the data set's bytes, decoded.</summary>
    private static StoredObject Written(string key) =>
        StoredValueDecoder.Decode(SampleCluster.Create().Single(e => e.Key == key).Value, key);

    private static long ModRevision(string snapshot, string key) =>
        InspectionFixtures.Reference(snapshot).Keys.Single(k => k.Key == key).ModRevision;

    [Fact]
    public void Get_ProtobufObject_DecodesMetadataAsWrittenAndDescribesTheRest()
    {
        const string key = "/registry/deployments/default/blue";
        var written = Written(key);

        var detail = SnapshotInspector.Get(InspectionFixtures.DemoBefore, new ObjectQuery("deploy", "blue"), s_default);

        var meta = detail.Stored.Metadata!;
        Assert.Equal(written.Metadata!.Uid, meta.Uid);
        Assert.Equal(written.Metadata.Labels, meta.Labels);
        Assert.Equal(written.Metadata.Annotations, meta.Annotations);
        Assert.Equal(written.Metadata.CreationTimestamp, meta.CreationTimestamp);
        var doc = detail.Document;
        Assert.Equal("apps/v1", (string?)doc["apiVersion"]);
        Assert.Equal("Deployment", (string?)doc["kind"]);
        Assert.Equal("blue", (string?)doc["metadata"]!["name"]);
        Assert.Equal("default", (string?)doc["metadata"]!["namespace"]);
        Assert.Equal(written.Metadata.Uid, (string?)doc["metadata"]!["uid"]);
        Assert.Equal(ModRevision(InspectionFixtures.DemoBefore, key).ToString(System.Globalization.CultureInfo.InvariantCulture),
            (string?)doc["metadata"]!["resourceVersion"]);
        Assert.Equal("2024-02-05T08:03:00Z", (string?)doc["metadata"]!["creationTimestamp"]);
        Assert.Equal("blue", (string?)doc["metadata"]!["labels"]!["app"]);
        var spec = written.UndecodedFields.Single(f => f.FieldNumber == 2);
        Assert.Equal($"protobuf field 2, {spec.TotalBytes} bytes, not decoded", (string?)doc["spec"]);
        Assert.StartsWith("protobuf field 3, ", (string?)doc["status"], StringComparison.Ordinal);
    }

    [Fact]
    public void Get_Pod_ShowsOwnerReferencesAndGenerateName()
    {
        var detail = SnapshotInspector.Get(InspectionFixtures.DemoBefore,
            new ObjectQuery("pods", "blue-6b478c8dbf-2pxxs", "default"), s_default);

        var owner = detail.Document["metadata"]!["ownerReferences"]![0]!;
        Assert.Equal("ReplicaSet", (string?)owner["kind"]);
        Assert.Equal("blue-6b478c8dbf", (string?)owner["name"]);
        Assert.True((bool?)owner["controller"]);
        Assert.Equal("blue-6b478c8dbf-", (string?)detail.Document["metadata"]!["generateName"]);
    }

    [Fact]
    public void Get_JsonCustomResource_IsTheStoredObjectWithTheRevisionAsResourceVersion()
    {
        const string key = "/registry/demo.etcdsnap.io/backups/default/nightly";
        var written = JsonNode.Parse(SampleCluster.Create().Single(e => e.Key == key).Value)!.AsObject();
        written["metadata"]!["resourceVersion"] = ModRevision(InspectionFixtures.DemoBefore, key)
            .ToString(System.Globalization.CultureInfo.InvariantCulture);

        var detail = SnapshotInspector.Get(InspectionFixtures.DemoBefore, new ObjectQuery("backups.demo.etcdsnap.io", "nightly"), s_default);

        Assert.True(JsonNode.DeepEquals(written, detail.Document), detail.Document.ToJsonString());
        Assert.Equal(7, (int?)detail.Document["spec"]!["retain"]);
    }

    [Fact]
    public void Get_EncryptedSecret_SaysWhatIsNotAvailable()
    {
        var detail = SnapshotInspector.Get(InspectionFixtures.DemoBefore, new ObjectQuery("secret", "blue-db-credentials"), s_default);

        var doc = detail.Document;
        Assert.Null(doc["apiVersion"]);
        Assert.Equal("Secret", (string?)doc["kind"]);
        Assert.Equal("blue-db-credentials", (string?)doc["metadata"]!["name"]);
        Assert.Null(doc["metadata"]!["uid"]);
        Assert.Equal("aescbc", (string?)doc["encryption"]!["provider"]);
        Assert.Equal("key1", (string?)doc["encryption"]!["keyName"]);
        Assert.Contains("does not decrypt", (string?)doc["encryption"]!["note"], StringComparison.Ordinal);
        Assert.Null(doc["data"]);
    }

    [Fact]
    public void Get_KmsV2Secret_NamesThePlugin()
    {
        var detail = SnapshotInspector.Get(InspectionFixtures.EncryptedCustomPrefix,
            new ObjectQuery("secrets", "bootstrap-token-abcdef", "kube-system"), new InspectionOptions { EtcdPrefix = "/k8s" });

        Assert.Equal("kms", (string?)detail.Document["encryption"]!["provider"]);
        Assert.Equal("v2", (string?)detail.Document["encryption"]!["version"]);
        Assert.Equal("vault-plugin", (string?)detail.Document["encryption"]!["plugin"]);
    }

    [Theory]
    [InlineData("nodes", "controlplane", null)]
    [InlineData("no", "controlplane", "ignored-for-cluster-scoped")]
    [InlineData("namespace", "kube-system", null)]
    [InlineData("crd", "backups.demo.etcdsnap.io", null)]
    [InlineData("cm", "coredns", "kube-system")]
    [InlineData("Service", "kubernetes", null)]
    [InlineData("endpoints", "kubernetes", "default")]
    public void Get_ClusterScopedAndNamespaced_FindTheirKeys(string resource, string name, string? ns)
    {
        var detail = SnapshotInspector.Get(InspectionFixtures.DemoBefore, new ObjectQuery(resource, name, ns), s_default);

        Assert.Equal(name, detail.Summary.Location.Name);
        Assert.Equal(name, (string?)detail.Document["metadata"]!["name"]);
    }

    [Fact]
    public void Get_Missing_ThrowsNotFoundNamingTheKeyWithALsHint()
    {
        var e = Assert.Throws<ObjectNotFoundException>(() =>
            SnapshotInspector.Get(InspectionFixtures.DemoBefore, new ObjectQuery("deployments.apps", "green", "prod"), s_default));

        Assert.StartsWith("deployments.apps \"green\" not found in namespace \"prod\"", e.Message, StringComparison.Ordinal);
        Assert.Equal("/registry/deployments/prod/green", e.Key);
        Assert.Equal($"etcdsnap ls {InspectionFixtures.DemoBefore} -n prod --resource deployments.apps", e.Hint);
    }

    [Fact]
    public void Get_Missing_HintQuotesAPathWithSpaces()
    {
        using var temp = new Testing.TempDirectory("inspect-quote");
        var path = InspectionFixtures.CopyTo(InspectionFixtures.DemoBefore, temp.Path, "it's a backup.db");

        var e = Assert.Throws<ObjectNotFoundException>(() => SnapshotInspector.Get(path, new ObjectQuery("ns", "prod"), s_default));

        Assert.Equal($"etcdsnap ls '{temp.Path}/it'\\''s a backup.db' --resource namespaces", e.Hint);
    }

    [Fact]
    public void Get_DeletedInTheNewerSnapshot_IsNotFoundThere()
    {
        var query = new ObjectQuery("po", "blue-6b478c8dbf-wcqww");
        Assert.NotNull(SnapshotInspector.Get(InspectionFixtures.DemoBefore, query, s_default).Stored.Metadata);

        Assert.Throws<ObjectNotFoundException>(() => SnapshotInspector.Get(InspectionFixtures.DemoAfter, query, s_default));
    }

    [Fact]
    public void Get_UpdatedObject_ShowsTheNewestRecord()
    {
        var detail = SnapshotInspector.Get(InspectionFixtures.DemoAfter, new ObjectQuery("deploy", "red"), s_default);

        Assert.Equal(2, detail.Stored.Metadata!.Generation);
        Assert.Equal(ModRevision(InspectionFixtures.DemoAfter, "/registry/deployments/default/red"), detail.Summary.ModRevision);
    }

    [Fact]
    public void Get_Document_SerializesToJson()
    {
        var detail = SnapshotInspector.Get(InspectionFixtures.DemoBefore, new ObjectQuery("svc", "kube-dns", "kube-system"), s_default);

        using var doc = JsonDocument.Parse(detail.Document.ToJsonString());
        Assert.Equal("Service", doc.RootElement.GetProperty("kind").GetString());
    }
}
