using EtcdSnap.Testing;

namespace EtcdSnap.IntegrationTests.Harness;

/// <summary>The harness itself: real etcd starts on loopback, plaintext and with mutual TLS.</summary>
public sealed class EtcdHarnessTests
{
    [Fact]
    public async Task Plaintext_PutThenGet_ReturnsValue()
    {
        await using var etcd = await EtcdProcess.StartAsync();
        await etcd.Etcdctl.PutAsync("k", "v");
        Assert.Equal("k\nv\n", await etcd.Etcdctl.CheckedAsync("get", "k"));
    }

    [Fact]
    public async Task MutualTls_ClientWithoutCertificate_IsRejected()
    {
        using var temp = new TempDirectory();
        var pki = TestPki.Create(temp.Combine("pki"));
        await using var etcd = await EtcdProcess.StartAsync(new EtcdProcessOptions { Tls = pki.EtcdFiles });
        await etcd.Etcdctl.PutAsync("k", "v");

        var noCert = await new Etcdctl(etcd.ClientUrl).RunAsync(["--cacert", pki.CaCert, "get", "k"]);

        Assert.NotEqual(0, noCert.ExitCode);
    }
}
