using System.Security.Cryptography.X509Certificates;
using EtcdSnap.Core.Node;
using EtcdSnap.Testing;

namespace EtcdSnap.Core.Tests.Node;

public sealed class KubeadmPkiTests : IDisposable
{
    private readonly TempDirectory _temp = new("pki");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Create_WritesKubeadmFiles_Pkcs1KeysAndKubeadmModes()
    {
        var pki = KubeadmPki.Create(_temp.Combine("pki", "etcd"), new KubeadmPkiOptions { IssueApiServerEtcdClient = true });

        foreach (var key in new[] { pki.CaKey, pki.ServerKey, pki.PeerKey, pki.HealthcheckClientKey, pki.ApiServerEtcdClientKey })
        {
            Assert.StartsWith("-----BEGIN RSA PRIVATE KEY-----", File.ReadAllText(key), StringComparison.Ordinal);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        }

        foreach (var cert in new[] { pki.CaCert, pki.ServerCert, pki.PeerCert, pki.HealthcheckClientCert, pki.ApiServerEtcdClientCert })
        {
            Assert.StartsWith("-----BEGIN CERTIFICATE-----", File.ReadAllText(cert), StringComparison.Ordinal);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
                File.GetUnixFileMode(cert));
        }

        Assert.Equal(_temp.Combine("pki", "apiserver-etcd-client.crt"), pki.ApiServerEtcdClientCert);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(pki.Directory));
    }

    [Fact]
    public void Create_Leaves_ChainToTheCaWithKubeadmNamesAndUsages()
    {
        var pki = KubeadmPki.Create(_temp.Combine("etcd"), new KubeadmPkiOptions { NodeName = "cp-1" });
        using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(pki.CaCert));
        Assert.Equal("CN=etcd-ca", ca.Subject);

        (string Path, string Subject, bool Server)[] leaves =
        [
            (pki.ServerCert, "CN=cp-1", true),
            (pki.PeerCert, "CN=cp-1", true),
            (pki.HealthcheckClientCert, "CN=kube-etcd-healthcheck-client", false),
        ];
        foreach (var (path, subject, server) in leaves)
        {
            using var leaf = X509Certificate2.CreateFromPem(File.ReadAllText(path));
            Assert.Equal(subject, leaf.Subject);
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            Assert.True(chain.Build(leaf), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));

            var usages = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>()
                .Select(o => o.Value).ToList();
            Assert.Contains("1.3.6.1.5.5.7.3.2", usages);
            Assert.Equal(server, usages.Contains("1.3.6.1.5.5.7.3.1"));
            var san = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
            Assert.Equal(["cp-1", "localhost"], san.EnumerateDnsNames().ToArray());
            Assert.Contains(System.Net.IPAddress.Loopback, san.EnumerateIPAddresses());
            Assert.Contains(System.Net.IPAddress.IPv6Loopback, san.EnumerateIPAddresses());
        }
    }

    [Fact]
    public void Create_FolderWithCa_RefusesAndKeepsIt()
    {
        var pki = KubeadmPki.Create(_temp.Combine("etcd"));
        var before = File.ReadAllBytes(pki.CaKey);

        var e = Assert.Throws<OperationRefusedException>(() => KubeadmPki.Create(_temp.Combine("etcd")));

        Assert.Contains("already exists", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(pki.CaKey));
    }
}
