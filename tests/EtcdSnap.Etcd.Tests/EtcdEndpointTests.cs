
namespace EtcdSnap.Etcd.Tests;

public sealed class EtcdEndpointTests
{
    [Theory]
    [InlineData("http://127.0.0.1:2379", false, "http://127.0.0.1:2379/", false)]
    [InlineData("https://127.0.0.1:2379", false, "https://127.0.0.1:2379/", true)]
    [InlineData("HTTPS://10.0.0.1:2379/", false, "https://10.0.0.1:2379/", true)]
    [InlineData("127.0.0.1:2379", false, "http://127.0.0.1:2379/", false)]
    [InlineData("127.0.0.1:2379", true, "https://127.0.0.1:2379/", true)]
    [InlineData("etcd-0.local:2379", true, "https://etcd-0.local:2379/", true)]
    [InlineData("[::1]:2379", false, "http://[::1]:2379/", false)]
    [InlineData("https://[::1]:2379", false, "https://[::1]:2379/", true)]
    public void Parse_ValidForms_GiveAddressAndTls(string text, bool tlsByDefault, string address, bool isTls)
    {
        var endpoint = EtcdEndpoint.Parse(text, tlsByDefault);

        Assert.Equal(new Uri(address), endpoint.Address);
        Assert.Equal(isTls, endpoint.IsTls);
        Assert.Equal(text.Trim(), endpoint.Text);
    }

    [Fact]
    public void Parse_Ipv6_HostHasNoBrackets()
    {
        var endpoint = EtcdEndpoint.Parse("[::1]:2379", false);

        Assert.Equal("::1", endpoint.Host);
        Assert.Equal(2379, endpoint.Port);
    }

    [Theory]
    [InlineData("", "empty endpoint")]
    [InlineData("127.0.0.1", "missing port")]
    [InlineData("[::1]", "missing port")]
    [InlineData("unix://etcd.sock:0", "unsupported scheme \"unix\"")]
    [InlineData("grpc://127.0.0.1:2379", "unsupported scheme")]
    [InlineData("http://127.0.0.1:2379/v3", "no path")]
    [InlineData("http://user@127.0.0.1:2379", "no path, query or user")]
    [InlineData("127.0.0.1:notaport", "not a URL")]
    public void Parse_Invalid_ThrowsOneLineNamingTheEndpoint(string text, string fragment)
    {
        var e = Assert.Throws<EtcdConfigurationException>(() => EtcdEndpoint.Parse(text, false));

        Assert.StartsWith($"--endpoints \"{text}\": ", e.Message, StringComparison.Ordinal);
        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }
}
