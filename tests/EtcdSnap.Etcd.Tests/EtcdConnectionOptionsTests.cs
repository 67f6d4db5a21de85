
namespace EtcdSnap.Etcd.Tests;

public sealed class EtcdConnectionOptionsTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void WithEnvironmentDefaults_UnsetValues_ComeFromEtcdctlVariables()
    {
        var options = new EtcdConnectionOptions().WithEnvironmentDefaults(Env(
            ("ETCDCTL_ENDPOINTS", "https://10.0.0.1:2379, https://10.0.0.2:2379"),
            ("ETCDCTL_CACERT", "/pki/ca.crt"),
            ("ETCDCTL_CERT", "/pki/c.crt"),
            ("ETCDCTL_KEY", "/pki/c.key"),
            ("ETCDCTL_DIAL_TIMEOUT", "3s"),
            ("ETCDCTL_COMMAND_TIMEOUT", "1m")));

        Assert.Equal(["https://10.0.0.1:2379", "https://10.0.0.2:2379"], options.Endpoints);
        Assert.Equal("/pki/ca.crt", options.CaCertPath);
        Assert.Equal("/pki/c.crt", options.ClientCertPath);
        Assert.Equal("/pki/c.key", options.ClientKeyPath);
        Assert.Equal(TimeSpan.FromSeconds(3), options.DialTimeout);
        Assert.Equal(TimeSpan.FromMinutes(1), options.CommandTimeout);
    }

    [Fact]
    public void WithEnvironmentDefaults_FlagsSet_WinOverEnvironment()
    {
        var flags = new EtcdConnectionOptions
        {
            Endpoints = ["127.0.0.1:2379"],
            CaCertPath = "/flag/ca.crt",
            DialTimeout = TimeSpan.FromSeconds(7),
        };

        var options = flags.WithEnvironmentDefaults(Env(
            ("ETCDCTL_ENDPOINTS", "https://10.0.0.1:2379"), ("ETCDCTL_CACERT", "/env/ca.crt"), ("ETCDCTL_DIAL_TIMEOUT", "1s")));

        Assert.Equal(["127.0.0.1:2379"], options.Endpoints);
        Assert.Equal("/flag/ca.crt", options.CaCertPath);
        Assert.Equal(TimeSpan.FromSeconds(7), options.DialTimeout);
    }

    [Fact]
    public void WithEnvironmentDefaults_EmptyVariables_AreIgnored()
    {
        var options = new EtcdConnectionOptions().WithEnvironmentDefaults(Env(("ETCDCTL_ENDPOINTS", ""), ("ETCDCTL_CACERT", "")));

        Assert.Null(options.Endpoints);
        Assert.Null(options.CaCertPath);
    }

    [Fact]
    public void WithEnvironmentDefaults_BadDuration_NamesTheVariable()
    {
        var e = Assert.Throws<EtcdConfigurationException>(() =>
            new EtcdConnectionOptions().WithEnvironmentDefaults(Env(("ETCDCTL_DIAL_TIMEOUT", "2"))));

        Assert.Equal("ETCDCTL_DIAL_TIMEOUT \"2\": not a duration (write e.g. 2s or 500ms)", e.Message);
    }

    [Fact]
    public void ParseEndpoints_Unset_IsEtcdctlDefault()
    {
        var endpoint = Assert.Single(new EtcdConnectionOptions().ParseEndpoints());

        Assert.Equal(new Uri("http://127.0.0.1:2379"), endpoint.Address);
    }

    [Fact]
    public void ParseEndpoints_SchemelessWithCaCert_UsesTls()
    {
        var endpoint = Assert.Single(new EtcdConnectionOptions { Endpoints = ["127.0.0.1:2379"], CaCertPath = "/ca.crt" }.ParseEndpoints());

        Assert.True(endpoint.IsTls);
    }

    [Theory]
    [InlineData("/c.crt", null, "--cert given without --key")]
    [InlineData(null, "/c.key", "--key given without --cert")]
    public void ParseEndpoints_CertWithoutKey_Throws(string? cert, string? key, string message)
    {
        var e = Assert.Throws<EtcdConfigurationException>(() =>
            new EtcdConnectionOptions { ClientCertPath = cert, ClientKeyPath = key }.ParseEndpoints());

        Assert.Equal(message, e.Message);
        Assert.NotNull(e.Hint);
    }

    [Fact]
    public void ParseEndpoints_NonPositiveTimeout_Throws()
    {
        var e = Assert.Throws<EtcdConfigurationException>(() =>
            new EtcdConnectionOptions { CommandTimeout = TimeSpan.Zero }.ParseEndpoints());

        Assert.Equal("--command-timeout 0ms: must be positive", e.Message);
    }

    [Fact]
    public void ParseEndpoints_SameAddressTwice_Throws()
    {
        var e = Assert.Throws<EtcdConfigurationException>(() =>
            new EtcdConnectionOptions { Endpoints = ["http://127.0.0.1:2379", "127.0.0.1:2379"] }.ParseEndpoints());

        Assert.Equal("--endpoints \"127.0.0.1:2379\": given twice", e.Message);
    }

    [Fact]
    public void ParseEndpoints_NoEndpoints_Throws()
    {
        var e = Assert.Throws<EtcdConfigurationException>(() => new EtcdConnectionOptions { Endpoints = [] }.ParseEndpoints());

        Assert.Equal("--endpoints: no endpoint given", e.Message);
    }
}
