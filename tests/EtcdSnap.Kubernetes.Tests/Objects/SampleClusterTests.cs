using System.Text.Json;
using EtcdSnap.Kubernetes.Objects;
using EtcdSnap.Kubernetes.Objects.Samples;

namespace EtcdSnap.Kubernetes.Tests.Objects;

/// <summary>The demo data set decodes back to the story's objects; spec fields are read with the test-only HandWire
/// walker straight from the field numbers in generated.proto.</summary>
public sealed class SampleClusterTests
{
    private static readonly IReadOnlyList<SampleEntry> s_entries = SampleCluster.Create();

    private static StoredObject Decode(string key) =>
        StoredValueDecoder.Decode(s_entries.Single(e => e.Key == key).Value, key);

    [Fact]
    public void Create_EveryObjectKey_DecodesToMatchingNameNamespaceAndKind()
    {
        foreach (var entry in s_entries)
        {
            var key = RegistryKeyParser.Parse(entry.Key);
            var o = StoredValueDecoder.Decode(entry.Value, entry.Key);
            if (key.Kind != RegistryKeyKind.ApiObject)
            {
                Assert.Equal(RegistryKeyKind.Internal, key.Kind);
                continue;
            }

            if (o.Format.Encoding == StoredValueEncoding.Encrypted)
            {
                Assert.Equal(SampleCluster.EncryptedSecretKey, entry.Key);
                continue;
            }

            Assert.Equal(key.Name, o.Metadata!.Name);
            Assert.Equal(key.Namespace ?? "", o.Metadata.Namespace);
            Assert.Equal(key.ObjectKind ?? o.Kind, o.Kind);
            Assert.False(string.IsNullOrEmpty(o.Metadata.Uid));
            Assert.NotNull(o.Metadata.CreationTimestamp);
        }
    }

    [Fact]
    public void Create_StoryObjects_Present()
    {
        var keys = s_entries.Select(e => e.Key).ToHashSet();

        Assert.Contains("/registry/namespaces/default", keys);
        Assert.Contains("/registry/namespaces/kube-system", keys);
        Assert.Equal(
            ["blue-6b478c8dbf-2pxxs", "blue-6b478c8dbf-bjqwm", "blue-6b478c8dbf-wcqww", "red-6684f7669d-7cqct", "red-6684f7669d-cvmg4"],
            keys.Where(k => k.StartsWith("/registry/pods/default/", StringComparison.Ordinal)).Select(k => k.Split('/')[^1]).Order());
        Assert.Contains("compact_rev_key", keys);
        Assert.Contains("/registry/demo.etcdsnap.io/backups/default/nightly", keys);
        Assert.Equal(s_entries.Count, keys.Count);
    }

    [Theory]
    [InlineData("blue", 3)]
    [InlineData("red", 2)]
    public void Deployment_Replicas_FromSpecField1(string name, int replicas)
    {
        var value = s_entries.Single(e => e.Key == $"/registry/deployments/default/{name}").Value;
        var raw = HandWire.Fields(HandWire.Fields(value[4..]).Single(f => f.Number == 2).Payload);
        var spec = HandWire.Fields(raw.Single(f => f.Number == 2).Payload);

        Assert.Equal((ulong)replicas, Varint(spec.Single(f => f.Number == 1).Payload));
        var matchLabels = HandWire.Fields(HandWire.Fields(spec.Single(f => f.Number == 2).Payload).Single().Payload);
        Assert.Equal("app", System.Text.Encoding.UTF8.GetString(matchLabels[0].Payload));
        Assert.Equal(name, System.Text.Encoding.UTF8.GetString(matchLabels[1].Payload));
    }

    [Theory]
    [InlineData("blue-service", 30082)]
    [InlineData("red-service", 30080)]
    public void Service_NodePort_80ToNodePort(string name, int nodePort)
    {
        var value = s_entries.Single(e => e.Key == $"/registry/services/specs/default/{name}").Value;
        var raw = HandWire.Fields(HandWire.Fields(value[4..]).Single(f => f.Number == 2).Payload);
        var spec = HandWire.Fields(raw.Single(f => f.Number == 2).Payload);
        var port = HandWire.Fields(spec.Single(f => f.Number == 1).Payload);

        Assert.Equal(80UL, Varint(port.Single(f => f.Number == 3).Payload));
        Assert.Equal((ulong)nodePort, Varint(port.Single(f => f.Number == 5).Payload));
        Assert.Equal("NodePort", System.Text.Encoding.UTF8.GetString(spec.Single(f => f.Number == 4).Payload));
    }

    [Fact]
    public void OwnerReferences_PointAtObjectsInTheDataSet()
    {
        var uids = s_entries.Select(e => StoredValueDecoder.Decode(e.Value, e.Key)).Where(o => o.Metadata is { Name.Length: > 0 })
            .ToDictionary(o => (o.Kind!, o.Metadata!.Namespace, o.Metadata.Name), o => o.Metadata!.Uid);
        var pod = Decode("/registry/pods/default/blue-6b478c8dbf-2pxxs").Metadata!;
        var rs = Decode("/registry/replicasets/default/blue-6b478c8dbf").Metadata!;

        Assert.Equal(new OwnerReference("apps/v1", "ReplicaSet", "blue-6b478c8dbf", uids[("ReplicaSet", "default", "blue-6b478c8dbf")], true, true),
            pod.ControllerOwner);
        Assert.Equal(uids[("Deployment", "default", "blue")], rs.ControllerOwner!.Uid);
        Assert.Equal("blue-6b478c8dbf-", pod.GenerateName);
    }

    [Fact]
    public void EncryptedSecret_AescbcKey1WithBlockSizedPayload()
    {
        var o = Decode(SampleCluster.EncryptedSecretKey);

        Assert.Equal(("aescbc", "v1", "key1"), (o.Format.Provider, o.Format.ProviderVersion, o.Format.KeyName));
        Assert.Equal(0, (o.Size - o.Format.PayloadOffset) % 16);
    }

    [Fact]
    public void CustomResource_Json_ReadBack()
    {
        var o = Decode("/registry/demo.etcdsnap.io/backups/default/nightly");

        Assert.Equal(StoredValueEncoding.Json, o.Format.Encoding);
        Assert.Equal(("demo.etcdsnap.io/v1", "Backup", "nightly", "default"), (o.ApiVersion, o.Kind, o.Metadata!.Name, o.Metadata.Namespace));
        Assert.Equal("0 3 * * *", o.Json!.Value.GetProperty("spec").GetProperty("schedule").GetString());
        Assert.Equal(JsonValueKind.Object, o.Json.Value.ValueKind);
        Assert.Equal((byte)'\n', s_entries.Single(e => e.Key.EndsWith("/nightly", StringComparison.Ordinal)).Value[^1]);
    }

    [Fact]
    public void Create_IsDeterministic()
    {
        var again = SampleCluster.Create();

        Assert.Equal(s_entries.Select(e => (e.Key, Convert.ToHexString(e.Value))), again.Select(e => (e.Key, Convert.ToHexString(e.Value))));
    }

    [Fact]
    public void ObjectMeta_RoundTripThroughEncoder_AllFields()
    {
        var meta = new ObjectMeta
        {
            Name = "n",
            GenerateName = "g-",
            Namespace = "ns",
            SelfLink = "/s",
            Uid = "u",
            ResourceVersion = "",
            Generation = long.MaxValue,
            CreationTimestamp = DateTimeOffset.FromUnixTimeSeconds(0),
            DeletionTimestamp = new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero),
            DeletionGracePeriodSeconds = -1,
            Labels = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1", ["ü"] = "" },
            Annotations = new Dictionary<string, string> { ["x"] = new string('y', 300) },
            OwnerReferences = [new("v1", "K", "o", "ou"), new("v1", "K", "p", "pu", false, true)],
            Finalizers = ["one", "two"],
        };

        var decoded = StoredValueDecoder.Decode(KubernetesObjectEncoder.Protobuf("v1", "ConfigMap", meta), "k").Metadata!;

        Assert.Equal(meta with { Labels = null!, Annotations = null!, OwnerReferences = null!, Finalizers = null!, Undecoded = null! },
            decoded with { Labels = null!, Annotations = null!, OwnerReferences = null!, Finalizers = null!, Undecoded = null! });
        Assert.Equal(meta.Labels, decoded.Labels);
        Assert.Equal(meta.Annotations, decoded.Annotations);
        Assert.Equal(meta.OwnerReferences, decoded.OwnerReferences);
        Assert.Equal(meta.Finalizers, decoded.Finalizers);
        Assert.Empty(decoded.Undecoded);
    }

    [Fact]
    public void ObjectMeta_RoundTripThroughJson()
    {
        var meta = new ObjectMeta
        {
            Name = "n",
            Namespace = "ns",
            Uid = "u",
            Generation = 3,
            CreationTimestamp = SampleCluster.CreatedAt,
            Labels = new Dictionary<string, string> { ["a"] = "1" },
            OwnerReferences = [new("v1", "K", "o", "ou", true)],
            Finalizers = ["f"],
        };

        var decoded = StoredValueDecoder.Decode(KubernetesObjectEncoder.Json("x.io/v1", "X", meta), "k").Metadata!;

        Assert.Equal((meta.Name, meta.Namespace, meta.Uid, meta.Generation, meta.CreationTimestamp),
            (decoded.Name, decoded.Namespace, decoded.Uid, decoded.Generation, decoded.CreationTimestamp));
        Assert.Equal(meta.Labels, decoded.Labels);
        Assert.Equal(meta.OwnerReferences, decoded.OwnerReferences);
        Assert.Equal(meta.Finalizers, decoded.Finalizers);
    }

    private static ulong Varint(byte[] bytes)
    {
        ulong v = 0;
        for (var i = 0; i < bytes.Length; i++)
        {
            v |= (ulong)(bytes[i] & 0x7F) << (7 * i);
        }

        return v;
    }
}
