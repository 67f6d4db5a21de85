using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EtcdSnap.Testing;

/// <summary>
/// A kubeadm-like etcd PKI written as PEM files: <c>ca.crt/key</c>, <c>server</c>, <c>peer</c>,
/// <c>healthcheck-client</c> and, outside the etcd folder, <c>apiserver-etcd-client</c>.
/// Keys are RSA 2048 in PKCS#1 (<c>BEGIN RSA PRIVATE KEY</c>), as kubeadm writes them.
/// </summary>
public sealed class TestPki
{
    private TestPki(string dir) => Directory = dir;

    /// <summary>The folder that plays /etc/kubernetes/pki/etcd.</summary>
    public string Directory { get; }

    public string CaCert => Path.Combine(Directory, "ca.crt");

    public string CaKey => Path.Combine(Directory, "ca.key");

    public string ServerCert => Path.Combine(Directory, "server.crt");

    public string ServerKey => Path.Combine(Directory, "server.key");

    public string PeerCert => Path.Combine(Directory, "peer.crt");

    public string PeerKey => Path.Combine(Directory, "peer.key");

    public string HealthcheckClientCert => Path.Combine(Directory, "healthcheck-client.crt");

    public string HealthcheckClientKey => Path.Combine(Directory, "healthcheck-client.key");

    /// <summary>The files etcd serves with and the healthcheck client cert etcdctl uses.</summary>
    public EtcdTlsFiles EtcdFiles =>
        new(CaCert, ServerCert, ServerKey, HealthcheckClientCert, HealthcheckClientKey, PeerCert, PeerKey);

    /// <summary>Creates a CA and leaf certificates valid for localhost and 127.0.0.1 in <paramref name="dir"/>.</summary>
    public static TestPki Create(string dir, string commonNamePrefix = "etcd")
    {
        System.IO.Directory.CreateDirectory(dir);
        var pki = new TestPki(dir);
        using var caKey = RSA.Create(2048);
        var caReq = new CertificateRequest($"CN={commonNamePrefix}-ca", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caReq.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        caReq.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caReq.PublicKey, false));
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var ca = caReq.CreateSelfSigned(now, now.AddYears(10));
        Write(pki.CaCert, pki.CaKey, ca, caKey);

        Issue(ca, caKey, pki.ServerCert, pki.ServerKey, "server", serverAuth: true, clientAuth: true);
        Issue(ca, caKey, pki.PeerCert, pki.PeerKey, "peer", serverAuth: true, clientAuth: true);
        Issue(ca, caKey, pki.HealthcheckClientCert, pki.HealthcheckClientKey, "kube-etcd-healthcheck-client",
            serverAuth: false, clientAuth: true);
        return pki;
    }

    /// <summary>Issues a client certificate from this CA into another folder (e.g. apiserver-etcd-client).</summary>
    public (string Cert, string Key) IssueClient(string certPath, string keyPath, string commonName)
    {
        using var ca = X509Certificate2.CreateFromPemFile(CaCert, CaKey);
        using var caKey = ca.GetRSAPrivateKey()!;
        Issue(ca, caKey, certPath, keyPath, commonName, serverAuth: false, clientAuth: true);
        return (certPath, keyPath);
    }

    private static void Issue(X509Certificate2 ca, RSA caKey, string certPath, string keyPath, string cn, bool serverAuth,
        bool clientAuth)
    {
        using var key = RSA.Create(2048);
        var req = new CertificateRequest($"CN={cn}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        req.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        req.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        var usages = new OidCollection();
        if (serverAuth)
        {
            usages.Add(new Oid("1.3.6.1.5.5.7.3.1"));
        }

        if (clientAuth)
        {
            usages.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        }

        req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        san.AddIpAddress(IPAddress.IPv6Loopback);
        req.CertificateExtensions.Add(san.Build());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        var now = DateTimeOffset.UtcNow.AddMinutes(-5);
        using var signed = req.Create(ca.SubjectName, X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1),
            now, now.AddYears(1), serial);
        Write(certPath, keyPath, signed, key);
    }

    private static void Write(string certPath, string keyPath, X509Certificate2 cert, RSA key)
    {
        File.WriteAllText(certPath, cert.ExportCertificatePem() + "\n");
        File.WriteAllText(keyPath, key.ExportRSAPrivateKeyPem() + "\n");
        File.SetUnixFileMode(keyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
    }
}
