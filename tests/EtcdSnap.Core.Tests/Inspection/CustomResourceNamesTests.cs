using System.Text;
using EtcdSnap.Core.Inspection;
using EtcdSnap.Kubernetes.Objects;

namespace EtcdSnap.Core.Tests.Inspection;

public sealed class CustomResourceNamesTests
{
    [Fact]
    public void TryRead_Crd_ReadsGroupNamesAndScope()
    {
        var json = """
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"widgets.example.com"},
             "spec":{"versions":[{"name":"v1","schema":{"openAPIV3Schema":{"type":"object","properties":{"spec":{"type":"object"}}}}}],
                     "names":{"kind":"Widget","listKind":"WidgetList","plural":"widgets","singular":"widget","shortNames":["wd","wdg"],
                              "categories":["all"]},
                     "group":"example.com","scope":"Cluster"}}
            """;

        var names = CustomResourceNames.TryRead(Encoding.UTF8.GetBytes(json))!;

        Assert.Equal(("example.com", "widgets", "widget", "Widget", ResourceScope.Cluster),
            (names.Group, names.Plural, names.Singular, names.Kind, names.Scope));
        Assert.Equal(["wd", "wdg"], names.ShortNames);
    }

    [Theory]
    [InlineData("{\"spec\":{\"names\":{\"plural\":\"x\"}}}")] // no group
    [InlineData("{\"spec\":{\"group\":\"example.com\"}}")] // no plural
    [InlineData("{\"spec\":")] // truncated
    [InlineData("[1,2]")]
    [InlineData("not json")]
    public void TryRead_NotAUsableCrd_IsNull(string json) =>
        Assert.Null(CustomResourceNames.TryRead(Encoding.UTF8.GetBytes(json)));
}
