using System.Security.Cryptography;
using EtcdSnap.Testing;

namespace EtcdSnap.Etcd.Tests;

/// <summary>Reading the certificate files: every problem is found before connecting, with one line naming the file.</summary>
public sealed class EtcdClientFactoryTests(EtcdClientFactoryTests.PkiFixture fixture)
    : IClassFixture<EtcdClientFactoryTests.PkiFixture>, IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly TestPki _pki = fixture.Pki;

    public void Dispose() => _temp.Dispose();

    /// <summary>One PKI for the class: RSA key generation takes about a second per key on this machine.</summary>
    public sealed class PkiFixture : IDisposable
    {
        private readonly TempDirectory _temp = new();

        public PkiFixture() => Pki = TestPki.Create(_temp.Combine("pki"));

        public TestPki Pki { get; }

        public void Dispose() => _temp.Dispose();
    }

    [Fact]
    public void Create_KubeadmPkcs1Files_Succeeds()
    {
        using var factory = EtcdClientFactory.Create(new EtcdConnectionOptions
        {
            Endpoints = ["127.0.0.1:2379"],
            CaCertPath = _pki.CaCert,
            ClientCertPath = _pki.HealthcheckClientCert,
            ClientKeyPath = _pki.HealthcheckClientKey,
        });

        Assert.True(factory.Endpoints[0].IsTls);
        Assert.Equal(EtcdConnectionOptions.DefaultDialTimeout, factory.DialTimeout);
        Assert.Equal(EtcdConnectionOptions.DefaultCommandTimeout, factory.CommandTimeout);
        Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----", File.ReadAllText(_pki.HealthcheckClientKey), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_Pkcs8Key_Succeeds()
    {
        using var rsa = RSA.Create();
        rsa.ImportFromPem(File.ReadAllText(_pki.HealthcheckClientKey));
        var pkcs8 = _temp.Combine("pkcs8.key");
        File.WriteAllText(pkcs8, rsa.ExportPkcs8PrivateKeyPem());

        using var factory = EtcdClientFactory.Create(new EtcdConnectionOptions
        {
            CaCertPath = _pki.CaCert,
            ClientCertPath = _pki.HealthcheckClientCert,
            ClientKeyPath = pkcs8,
        });

        Assert.True(factory.Endpoints[0].IsTls);
    }

    [Fact]
    public void Create_MissingCaFile_NamesFlagAndPath()
    {
        var missing = _temp.Combine("nope", "ca.crt");

        var e = Assert.Throws<EtcdConfigurationException>(() => EtcdClientFactory.Create(new EtcdConnectionOptions { CaCertPath = missing }));

        Assert.Equal($"--cacert \"{missing}\": file not found", e.Message);
    }

    [Fact]
    public void Create_CaIsADirectory_Throws()
    {
        var e = Assert.Throws<EtcdConfigurationException>(() => EtcdClientFactory.Create(new EtcdConnectionOptions { CaCertPath = _temp.Path }));

        Assert.Equal($"--cacert \"{_temp.Path}\": is a directory, not a file", e.Message);
    }

    [Fact]
    public void Create_CaWithoutCertificate_Throws()
    {
        var notPem = _temp.Combine("ca.txt");
        File.WriteAllText(notPem, "hello\n");

        var e = Assert.Throws<EtcdConfigurationException>(() => EtcdClientFactory.Create(new EtcdConnectionOptions { CaCertPath = notPem }));

        Assert.StartsWith($"--cacert \"{notPem}\": ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Create_KeyOfAnotherCertificate_NamesBothFiles()
    {
        var e = Assert.Throws<EtcdConfigurationException>(() => EtcdClientFactory.Create(new EtcdConnectionOptions
        {
            CaCertPath = _pki.CaCert,
            ClientCertPath = _pki.HealthcheckClientCert,
            ClientKeyPath = _pki.PeerKey,
        }));

        Assert.StartsWith($"--cert \"{_pki.HealthcheckClientCert}\" / --key \"{_pki.PeerKey}\": cannot use the pair", e.Message,
            StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void CreateMemberClient_SeveralEndpoints_AsksToChoose()
    {
        using var factory = EtcdClientFactory.Create(new EtcdConnectionOptions { Endpoints = ["127.0.0.1:1", "127.0.0.1:2"] });

        var e = Assert.Throws<InvalidOperationException>(() => factory.CreateMemberClient());

        Assert.Contains("EndpointSelector", e.Message, StringComparison.Ordinal);
    }
}
