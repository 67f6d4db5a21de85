using EtcdSnap.Formats;
using EtcdSnap.Formats.Protobuf;
using EtcdSnap.Kubernetes.Objects;

namespace EtcdSnap.Kubernetes.Tests.Objects;

/// <summary>ObjectMeta decoding checked against blobs written byte by byte from the field numbers in
/// k8s.io/apimachinery pkg/apis/meta/v1/generated.proto, without the production encoder.</summary>
public sealed class ObjectMetaDecoderTests
{
    // A v1 Pod envelope, every byte spelled out:
    //   6b 38 73 00                      "k8s\0"
    //   0a 0f                            Unknown.typeMeta (1), 15 bytes
    //     0a 02 "v1"                     TypeMeta.apiVersion (1)
    //     12 09 "ConfigMap"              TypeMeta.kind (2)
    //   12 LL <raw>                      Unknown.raw (2), LL a varint (two bytes here)
    //   1a 00 22 00                      contentEncoding (3), contentType (4): empty
    // raw:
    //   0a LL <ObjectMeta>               ConfigMap.metadata (1)
    //   12 0b 0a 01 "k" 12 06 "value1"   ConfigMap.data (2): one map entry
    //   20 01                            ConfigMap.immutable (4) = true
    private static readonly byte[] s_meta =
    [
        0x0a, 0x03, (byte)'w', (byte)'e', (byte)'b',                         // name (1) "web"
        0x12, 0x00,                                                          // generateName (2) ""
        0x1a, 0x07, .. "default"u8,                                          // namespace (3)
        0x22, 0x00,                                                          // selfLink (4) ""
        0x2a, 0x04, .. "u-01"u8,                                             // uid (5)
        0x32, 0x00,                                                          // resourceVersion (6) ""
        0x38, 0x96, 0x01,                                                    // generation (7) = 150
        0x42, 0x08, 0x08, 0x80, 0xab, 0x82, 0xae, 0x06, 0x10, 0x00,          // creationTimestamp (8) {seconds 1707120000, nanos 0}
        0x4a, 0x06, 0x08, 0xbc, 0xab, 0x82, 0xae, 0x06,                      // deletionTimestamp (9) {seconds 1707120060}
        0x50, 0x1e,                                                          // deletionGracePeriodSeconds (10) = 30
        0x5a, 0x0a, 0x0a, 0x03, .. "app"u8, 0x12, 0x03, .. "web"u8,          // labels (11) app=web
        0x5a, 0x08, 0x0a, 0x04, .. "tier"u8, 0x12, 0x00,                     // labels (11) tier=""
        0x62, 0x07, 0x0a, 0x01, (byte)'a', 0x12, 0x02, (byte)'h', (byte)'i', // annotations (12) a=hi
        0x6a, 0x22,                                                          // ownerReferences (13), 34 bytes
            0x0a, 0x0a, .. "ReplicaSet"u8,                                   //   kind (1)
            0x1a, 0x05, .. "web-1"u8,                                        //   name (3)
            0x22, 0x02, .. "u2"u8,                                           //   uid (4)
            0x2a, 0x07, .. "apps/v1"u8,                                      //   apiVersion (5)
            0x30, 0x01,                                                      //   controller (6) = true
        0x72, 0x03, .. "f/1"u8,                                              // finalizers (14)
        0x72, 0x03, .. "f/2"u8,                                              // finalizers (14)
        0x8a, 0x01, 0x02, 0x0a, 0x00,                                        // managedFields (17): one 2-byte entry
        0xa0, 0x01, 0x05,                                                    // field 20, varint: unknown to us
    ];

    private static byte[] Envelope()
    {
        byte[] raw = [0x0a, .. HandWire.VarintBytes((ulong)s_meta.Length), .. s_meta, 0x12, 0x0b, 0x0a, 0x01, (byte)'k', 0x12, 0x06,
            .. "value1"u8, 0x20, 0x01];
        return [.. "k8s\0"u8, 0x0a, 0x0f, 0x0a, 0x02, .. "v1"u8, 0x12, 0x09, .. "ConfigMap"u8, 0x12, .. HandWire.VarintBytes((ulong)raw.Length), .. raw,
            0x1a, 0x00, 0x22, 0x00];
    }

    [Fact]
    public void Decode_HandBuiltConfigMap_ReadsEveryMetadataField()
    {
        var decoded = StoredValueDecoder.Decode(Envelope(), "/registry/configmaps/default/web");

        Assert.Equal(("v1", "ConfigMap"), (decoded.ApiVersion, decoded.Kind));
        var m = decoded.Metadata!;
        Assert.Equal(("web", "", "default", "", "u-01", ""), (m.Name, m.GenerateName, m.Namespace, m.SelfLink, m.Uid, m.ResourceVersion));
        Assert.Equal(150, m.Generation);
        Assert.Equal(new DateTimeOffset(2024, 2, 5, 8, 0, 0, TimeSpan.Zero), m.CreationTimestamp);
        Assert.Equal(new DateTimeOffset(2024, 2, 5, 8, 1, 0, TimeSpan.Zero), m.DeletionTimestamp);
        Assert.Equal(30, m.DeletionGracePeriodSeconds);
        Assert.Equal(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "" }, m.Labels);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "hi" }, m.Annotations);
        Assert.Equal([new OwnerReference("apps/v1", "ReplicaSet", "web-1", "u2", Controller: true, BlockOwnerDeletion: null)],
            m.OwnerReferences);
        Assert.Equal(["f/1", "f/2"], m.Finalizers);
        Assert.Equal([new UndecodedField(17, WireType.LengthDelimited, 1, 2), new UndecodedField(20, WireType.Varint, 1, 1)], m.Undecoded);
        Assert.Equal([new UndecodedField(2, WireType.LengthDelimited, 1, 11), new UndecodedField(4, WireType.Varint, 1, 1)],
            decoded.UndecodedFields);
    }

    [Fact]
    public void Decode_EmptyCreationTimestamp_IsNull()
    {
        // Go writes the zero time as an empty message (42 00); it means "unset".
        byte[] raw = [0x0a, 0x04, 0x0a, 0x00, 0x42, 0x00];
        byte[] value = [.. "k8s\0"u8, 0x0a, 0x00, 0x12, (byte)raw.Length, .. raw];

        var m = StoredValueDecoder.Decode(value, "k").Metadata!;

        Assert.Null(m.CreationTimestamp);
        Assert.Equal("", m.Name);
    }

    [Fact]
    public void Decode_WrongWireTypeForName_ThrowsCorruptWithOffset()
    {
        byte[] raw = [0x0a, 0x02, 0x08, 0x01]; // metadata { field 1 as varint }
        byte[] value = [.. "k8s\0"u8, 0x0a, 0x00, 0x12, (byte)raw.Length, .. raw];

        var e = Assert.Throws<CorruptDataException>(() => StoredValueDecoder.Decode(value, "/registry/pods/a/b"));

        Assert.Equal("/registry/pods/a/b", e.Path);
        Assert.Equal("name (field 1) has wire type 0, want 2", e.Reason);
        Assert.Equal(10, e.Offset); // the tag byte 08
    }

    [Fact]
    public void Decode_LengthPastEnd_ThrowsCorrupt()
    {
        byte[] value = [.. "k8s\0"u8, 0x0a, 0x00, 0x12, 0x7f, 0x0a];

        var e = Assert.Throws<CorruptDataException>(() => StoredValueDecoder.Decode(value, "k"));

        Assert.Equal(7, e.Offset); // the length varint 7f
        Assert.Equal("length 127 exceeds the 1 bytes left in the message", e.Reason);
    }

    [Fact]
    public void Decode_NoTypeMeta_ThrowsCorrupt()
    {
        var e = Assert.Throws<CorruptDataException>(() => StoredValueDecoder.Decode("k8s\0"u8.ToArray(), "k"));

        Assert.Equal("protobuf envelope has no typeMeta", e.Reason);
    }
}
