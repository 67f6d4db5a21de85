using EtcdSnap.Core.Inspection;
using EtcdSnap.Formats.Protobuf;
using EtcdSnap.Kubernetes.Objects;

namespace EtcdSnap.Core.Tests.Inspection;

public sealed class ObjectDocumentTests
{
    [Theory]
    [InlineData(2, WireType.LengthDelimited, 1, 1234, "protobuf field 2, 1,234 bytes, not decoded")]
    [InlineData(3, WireType.LengthDelimited, 1, 1, "protobuf field 3, 1 byte, not decoded")]
    [InlineData(2, WireType.LengthDelimited, 3, 90, "protobuf field 2, 3 entries, 90 bytes, not decoded")]
    [InlineData(5, WireType.Varint, 1, 1, "protobuf field 5, varint, not decoded")]
    [InlineData(9, WireType.Fixed64, 1, 8, "protobuf field 9, fixed64, not decoded")]
    public void Describe_UndecodedField_SaysWhatWasFound(int number, WireType wire, int occurrences, long bytes, string expected) =>
        Assert.Equal(expected, ObjectDocument.Describe(new UndecodedField(number, wire, occurrences, bytes)));

    [Theory]
    [InlineData("v1", "Pod", 2, "spec")]
    [InlineData("v1", "Pod", 3, "status")]
    [InlineData("v1", "Secret", 3, "type")]
    [InlineData("v1", "ConfigMap", 3, "binaryData")]
    [InlineData("v1", "Event", 15, "reportingInstance")]
    [InlineData("events.k8s.io/v1", "Event", 10, "note")]
    [InlineData("apps/v1", "Deployment", 2, "spec")]
    [InlineData("apps/v1beta2", "Deployment", 3, "status")]
    [InlineData("rbac.authorization.k8s.io/v1", "ClusterRole", 3, "aggregationRule")]
    [InlineData("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration", 2, "webhooks")]
    [InlineData("node.k8s.io/v1", "RuntimeClass", 2, "handler")]
    [InlineData("node.k8s.io/v1alpha1", "RuntimeClass", 2, "spec")]
    [InlineData("discovery.k8s.io/v1", "EndpointSlice", 4, "addressType")]
    public void FieldNames_KnownKinds_NameTheirFields(string apiVersion, string kind, int number, string name) =>
        Assert.Equal(name, TopLevelFieldNames.Find(apiVersion, kind, number));

    [Theory]
    [InlineData("v1", "Pod", 4)] // Pod has only spec and status after metadata
    [InlineData("v2", "Pod", 2)] // no such version
    [InlineData("example.com/v1", "Widget", 2)]
    [InlineData("v1", "Pod", 1)] // metadata is decoded, never described
    [InlineData(null, "Pod", 2)]
    public void FieldNames_Unknown_AreNull(string? apiVersion, string kind, int number) =>
        Assert.Null(TopLevelFieldNames.Find(apiVersion, kind, number));
}
