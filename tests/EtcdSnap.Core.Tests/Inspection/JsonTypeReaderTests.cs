using System.Text;
using System.Text.Json;
using EtcdSnap.Core.Inspection;

namespace EtcdSnap.Core.Tests.Inspection;

public sealed class JsonTypeReaderTests
{
    [Theory]
    [InlineData("{\"apiVersion\":\"example.com/v1\",\"kind\":\"Widget\",\"spec\":{\"kind\":\"inner\"}}\n", "example.com/v1", "Widget")]
    [InlineData("{\"metadata\":{\"apiVersion\":\"nested\"},\"kind\":\"K\"}", null, "K")]
    [InlineData("{\"kind\":\"Only\"}", null, "Only")]
    [InlineData("{\"apiVersion\":1,\"kind\":[\"x\"]}", null, null)]
    [InlineData("{\"api\\u0056ersion\":\"escaped\",\"kind\":\"K\\u0069nd\"}", "escaped", "Kind")]
    public void Read_TopLevelFieldsOnly(string json, string? apiVersion, string? kind) =>
        Assert.Equal((apiVersion, kind), JsonTypeReader.Read(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("{\"kind\":\"X\"")]
    [InlineData("{\"kind\":\"X\"} trailing")]
    [InlineData("[\"kind\"]")]
    [InlineData("{\"kind\":\"X\",}")]
    public void Read_InvalidOrNotAnObject_Throws(string json) =>
        Assert.ThrowsAny<JsonException>(() => JsonTypeReader.Read(Encoding.UTF8.GetBytes(json)));
}
