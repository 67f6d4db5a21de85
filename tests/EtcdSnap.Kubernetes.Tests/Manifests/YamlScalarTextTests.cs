using EtcdSnap.Kubernetes.Manifests;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EtcdSnap.Kubernetes.Tests.Manifests;

public sealed class YamlScalarTextTests
{
    [Theory]
    [InlineData("/var/lib/etcd", "/var/lib/etcd")]
    [InlineData("/var/lib/etcd from backup", "\"/var/lib/etcd from backup\"")]
    [InlineData("true", "\"true\"")]
    [InlineData("on", "\"on\"")]
    [InlineData("~", "\"~\"")]
    [InlineData("123", "\"123\"")]
    [InlineData("2024-02-05", "\"2024-02-05\"")]
    [InlineData("-x", "\"-x\"")]
    [InlineData("#x", "\"#x\"")]
    [InlineData("a: b", "\"a: b\"")]
    [InlineData("a:", "\"a:\"")]
    [InlineData("", "\"\"")]
    [InlineData("say \"hi\"\\", "\"say \\\"hi\\\"\\\\\"")]
    [InlineData("tab\there", "\"tab\\there\"")]
    public void Format_Plain_QuotesWhenNeeded(string value, string expected)
    {
        Assert.Equal(expected, YamlScalarText.Format(value, ScalarStyle.Plain, inFlow: false));
    }

    [Fact]
    public void Format_InFlow_QuotesFlowIndicators()
    {
        Assert.Equal("\"/a,b\"", YamlScalarText.Format("/a,b", ScalarStyle.Plain, inFlow: true));
        Assert.Equal("/a,b", YamlScalarText.Format("/a,b", ScalarStyle.Plain, inFlow: false));
    }

    [Fact]
    public void Format_SingleQuotedStyle_Kept()
    {
        Assert.Equal("'it''s'", YamlScalarText.Format("it's", ScalarStyle.SingleQuoted, inFlow: false));
    }

    [Theory]
    [InlineData("/var/lib/etcd")]
    [InlineData("yes")]
    [InlineData("0x1F")]
    [InlineData("a: b # c")]
    [InlineData("quote\" back\\slash 'single'")]
    [InlineData("line\nbreak\r\tand\u0001control\u2028")]
    [InlineData("ünïcødé ✓")]
    [InlineData("[x]{y},z")]
    public void Format_AnyValue_ReadsBackIdentically(string value)
    {
        foreach (var style in new[] { ScalarStyle.Plain, ScalarStyle.SingleQuoted, ScalarStyle.DoubleQuoted })
        {
            foreach (var inFlow in new[] { false, true })
            {
                var scalar = YamlScalarText.Format(value, style, inFlow);
                var doc = inFlow ? $"{{k: {scalar}, z: 1}}" : $"k: {scalar}\nz: 1\n";
                var stream = new YamlStream();
                stream.Load(new StringReader(doc));
                var map = (YamlMappingNode)stream.Documents[0].RootNode;
                var node = (YamlScalarNode)map.Children[new YamlScalarNode("k")];

                Assert.Equal(value, node.Value);
                Assert.True(node.Style != ScalarStyle.Plain || YamlScalarText.IsPlainSafe(value, inFlow));
            }
        }
    }
}
