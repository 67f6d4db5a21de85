using System.Text.Json.Nodes;
using EtcdSnap.Cli.Printing;

namespace EtcdSnap.Cli.Tests;

public sealed class PrintingTests
{
    [Fact]
    public void Table_AlignsColumnsKubectlStyle()
    {
        using var w = new StringWriter();

        new TableWriter("NAME", "REVISION", "SIZE").Row("blue", 12, "82 kB").Row("red-service", 3, null).WriteTo(w);

        Assert.Equal("NAME          REVISION   SIZE\nblue          12         82 kB\nred-service   3\n", w.ToString());
    }

    [Fact]
    public void Yaml_QuotesScalarsThatWouldChangeType()
    {
        using var w = new StringWriter();
        var node = JsonNode.Parse("""{"a":"true","b":true,"c":"12","d":12,"e":"","f":[],"g":["x"],"h":null,"t":"2024-02-05T08:03:00Z"}""");

        YamlWriter.Write(w, node);

        Assert.Equal("a: \"true\"\nb: true\nc: \"12\"\nd: 12\ne: \"\"\nf: []\ng:\n- x\nh: null\nt: \"2024-02-05T08:03:00Z\"\n", w.ToString());
    }
}
