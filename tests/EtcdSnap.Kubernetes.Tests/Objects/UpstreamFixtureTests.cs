using System.Text.Json;
using EtcdSnap.Kubernetes.Objects;

namespace EtcdSnap.Kubernetes.Tests.Objects;

/// <summary>
/// Kubernetes' own serializer output (testdata/upstream, see its README): our protobuf decoder must read the same
/// apiVersion, kind and metadata that Kubernetes' JSON serializer wrote for the same object, and our ObjectMeta
/// encoder must write the bytes Go's generated marshaller wrote.
/// </summary>
public sealed class UpstreamFixtureTests
{
    public static TheoryData<string> Fixtures => new()
    {
        "core.v1.ConfigMap", "core.v1.Secret", "core.v1.Namespace", "core.v1.Service", "core.v1.ServiceAccount",
        "core.v1.Endpoints", "core.v1.Pod", "apps.v1.Deployment", "apps.v1.ReplicaSet",
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Decode_UpstreamProtobuf_MatchesUpstreamJson(string fixture)
    {
        // Given
        var pb = File.ReadAllBytes(Golden.TestData("upstream", fixture + ".pb"));
        using var json = JsonDocument.Parse(File.ReadAllBytes(Golden.TestData("upstream", fixture + ".json")));
        var expected = json.RootElement;
        var m = expected.GetProperty("metadata");

        // When
        var decoded = StoredValueDecoder.Decode(pb, fixture);

        // Then
        Assert.Equal(StoredValueEncoding.Protobuf, decoded.Format.Encoding);
        Assert.Equal(expected.GetProperty("apiVersion").GetString(), decoded.ApiVersion);
        Assert.Equal(expected.GetProperty("kind").GetString(), decoded.Kind);
        var meta = decoded.Metadata!;
        Assert.Equal(m.GetProperty("name").GetString(), meta.Name);
        Assert.Equal(m.GetProperty("generateName").GetString(), meta.GenerateName);
        Assert.Equal(m.GetProperty("namespace").GetString(), meta.Namespace);
        Assert.Equal(m.GetProperty("selfLink").GetString(), meta.SelfLink);
        Assert.Equal(m.GetProperty("uid").GetString(), meta.Uid);
        Assert.Equal(m.GetProperty("resourceVersion").GetString(), meta.ResourceVersion);
        Assert.Equal(m.GetProperty("generation").GetInt64(), meta.Generation);
        Assert.Equal(DateTimeOffset.Parse(m.GetProperty("creationTimestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            meta.CreationTimestamp);
        Assert.Equal(DateTimeOffset.Parse(m.GetProperty("deletionTimestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture),
            meta.DeletionTimestamp);
        Assert.Equal(m.GetProperty("deletionGracePeriodSeconds").GetInt64(), meta.DeletionGracePeriodSeconds);
        Assert.Equal(Map(m.GetProperty("labels")), meta.Labels);
        Assert.Equal(Map(m.GetProperty("annotations")), meta.Annotations);
        Assert.Equal(m.GetProperty("finalizers").EnumerateArray().Select(f => f.GetString()!), meta.Finalizers);
        var owners = m.GetProperty("ownerReferences").EnumerateArray().Select(o => new OwnerReference(
            o.GetProperty("apiVersion").GetString()!, o.GetProperty("kind").GetString()!, o.GetProperty("name").GetString()!,
            o.GetProperty("uid").GetString()!, o.GetProperty("controller").GetBoolean(), o.GetProperty("blockOwnerDeletion").GetBoolean()));
        Assert.Equal(owners, meta.OwnerReferences);
        // managedFields (17) is present in every fixture and reported, not decoded.
        Assert.Equal(17, Assert.Single(meta.Undecoded).FieldNumber);
        Assert.Equal(m.GetProperty("managedFields").GetArrayLength(), meta.Undecoded[0].Occurrences);
        // Everything after metadata is listed as undecoded top-level fields, never interpreted.
        Assert.DoesNotContain(decoded.UndecodedFields, f => f.FieldNumber == 1);
        Assert.NotEmpty(decoded.UndecodedFields);
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void EncodeObjectMeta_UpstreamMetadata_ByteIdenticalToGo(string fixture)
    {
        // Given the fixture's ObjectMeta bytes as Go wrote them, minus managedFields (which we do not encode).
        var pb = File.ReadAllBytes(Golden.TestData("upstream", fixture + ".pb"));
        var envelope = ProtobufEnvelope.Decode(pb, fixture);
        var goMeta = HandWire.Fields(HandWire.Fields(envelope.Raw.ToArray()).First(f => f.Number == 1).Payload)
            .Where(f => f.Number != 17).SelectMany(f => f.Bytes).ToArray();
        var decoded = StoredValueDecoder.Decode(pb, fixture).Metadata!;

        // When
        var ours = KubernetesObjectEncoder.EncodeObjectMeta(decoded).ToArray();

        // Then
        Assert.Equal(Convert.ToHexString(goMeta), Convert.ToHexString(ours));
    }

    [Fact]
    public void Protobuf_Envelope_HasUpstreamShape()
    {
        // Given the upstream ConfigMap: magic, typeMeta, raw, then empty contentEncoding (1a 00) and contentType (22 00).
        var pb = File.ReadAllBytes(Golden.TestData("upstream", "core.v1.ConfigMap.pb"));
        var envelope = ProtobufEnvelope.Decode(pb, "ConfigMap");
        var raw = HandWire.Fields(envelope.Raw.ToArray());
        var meta = StoredValueDecoder.Decode(pb, "ConfigMap").Metadata!;
        var body = raw.Where(f => f.Number != 1).SelectMany(f => f.Bytes).ToArray();

        // When re-encoding with the same metadata (minus managedFields) and body
        var ours = KubernetesObjectEncoder.Protobuf("v1", "ConfigMap", meta, body);

        // Then it equals the fixture with the managedFields entries cut out and the lengths re-counted.
        var metaNoManaged = HandWire.Fields(raw.First(f => f.Number == 1).Payload).Where(f => f.Number != 17).SelectMany(f => f.Bytes).ToArray();
        var rawNoManaged = HandWire.Field(1, metaNoManaged).Concat(body).ToArray();
        byte[] expected = [.. "k8s\0"u8, .. HandWire.Field(1, [.. HandWire.Field(1, "v1"u8.ToArray()), .. HandWire.Field(2, "ConfigMap"u8.ToArray())]),
            .. HandWire.Field(2, rawNoManaged), 0x1a, 0x00, 0x22, 0x00];
        Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(ours));
        Assert.Equal(pb.AsSpan(pb.Length - 4).ToArray(), ours.AsSpan(ours.Length - 4).ToArray());
    }

    private static Dictionary<string, string> Map(JsonElement e) =>
        e.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
}
