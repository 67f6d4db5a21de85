using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EtcdSnap.Core.Node;

/// <summary>
/// A kubeadm-like etcd PKI as PEM files: <c>ca</c>, <c>server</c>, <c>peer</c> and <c>healthcheck-client</c> in one
/// folder (kubeadm's <c>/etc/kubernetes/pki/etcd</c>), plus client certificates issued on request (kubeadm's
/// <c>apiserver-etcd-client</c>). Keys are RSA 2048 in PKCS#1 (<c>BEGIN RSA PRIVATE KEY</c>), mode 0600;
/// certificates are mode 0644 — both as kubeadm writes them (kubeadm <c>cmd/kubeadm/app/phases/certs</c>,
/// <c>pkiutil</c>).
/// </summary>
/// <remarks>For demos and tests: a real node's PKI comes from kubeadm. The leaves are valid for the node name,
/// <c>localhost</c>, 127.0.0.1 and ::1, like kubeadm's etcd server and peer certificates on a one-node cluster.</remarks>
public sealed class KubeadmPki
{
    // kubeadm: the CA lives ten years, leaves one year (constants.CertificateValidity).
    private static readonly TimeSpan s_caValidity = TimeSpan.FromDays(3650);
    private static readonly TimeSpan s_leafValidity = TimeSpan.FromDays(365);

    // Backdated so that a clock a few minutes behind still accepts fresh certificates (kubeadm backdates too).
    private static readonly TimeSpan s_backdate = TimeSpan.FromMinutes(5);

    // kubeadm's default (EncryptionAlgorithmRSA2048).
    private const int KeySize = 2048;

    private const UnixFileMode CertMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;
    private const UnixFileMode KeyMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static readonly Oid s_serverAuth = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid s_clientAuth = new("1.3.6.1.5.5.7.3.2");

    private KubeadmPki(string directory) => Directory = directory;

    /// <summary>The folder that plays <c>/etc/kubernetes/pki/etcd</c>.</summary>
    public string Directory { get; }

    /// <summary><c>ca.crt</c>: the etcd CA.</summary>
    public string CaCert => Path.Combine(Directory, "ca.crt");

    /// <summary><c>ca.key</c>.</summary>
    public string CaKey => Path.Combine(Directory, "ca.key");

    /// <summary><c>server.crt</c>: etcd's serving certificate (server and client auth).</summary>
    public string ServerCert => Path.Combine(Directory, "server.crt");

    /// <summary><c>server.key</c>.</summary>
    public string ServerKey => Path.Combine(Directory, "server.key");

    /// <summary><c>peer.crt</c>: etcd's peer certificate (server and client auth).</summary>
    public string PeerCert => Path.Combine(Directory, "peer.crt");

    /// <summary><c>peer.key</c>.</summary>
    public string PeerKey => Path.Combine(Directory, "peer.key");

    /// <summary><c>healthcheck-client.crt</c>: the client certificate kubeadm issues for probes and operators.</summary>
    public string HealthcheckClientCert => Path.Combine(Directory, "healthcheck-client.crt");

    /// <summary><c>healthcheck-client.key</c>.</summary>
    public string HealthcheckClientKey => Path.Combine(Directory, "healthcheck-client.key");

    /// <summary><c>apiserver-etcd-client.crt</c> in the parent folder (kubeadm's <c>/etc/kubernetes/pki</c>), when
    /// issued.</summary>
    public string ApiServerEtcdClientCert => Path.Combine(Path.GetDirectoryName(Directory)!, "apiserver-etcd-client.crt");

    /// <summary><c>apiserver-etcd-client.key</c> in the parent folder.</summary>
    public string ApiServerEtcdClientKey => Path.Combine(Path.GetDirectoryName(Directory)!, "apiserver-etcd-client.key");

    /// <summary>Creates the CA and the three leaves in <paramref name="directory"/> (created 0700 when missing).</summary>
    /// <param name="directory">The folder to write into; it must not already hold a <c>ca.crt</c>.</param>
    /// <param name="options">Names; kubeadm's when null.</param>
    /// <exception cref="OperationRefusedException">The folder already holds a CA (a PKI is never overwritten).</exception>
    public static KubeadmPki Create(string directory, KubeadmPkiOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        options ??= new KubeadmPkiOptions();
        var pki = new KubeadmPki(Path.GetFullPath(directory));
        if (File.Exists(pki.CaCert) || File.Exists(pki.CaKey))
        {
            throw new OperationRefusedException($"pki: \"{pki.CaCert}\" already exists")
            {
                Hint = "a PKI is never overwritten; choose an empty folder",
            };
        }

        CreatePrivateDirectory(pki.Directory);
        // RSA key generation dominates (about half a second per key on a slow core): make the keys at once. OpenSSL
        // generates a key lazily, on first use: exporting the public part forces it inside the parallel loop.
        var keys = new RSA[options.IssueApiServerEtcdClient ? 5 : 4];
        Parallel.For(0, keys.Length, i =>
        {
            keys[i] = RSA.Create(KeySize);
            keys[i].ExportRSAPublicKey();
        });
        try
        {
            Write(pki, options, keys);
        }
        finally
        {
            foreach (var key in keys)
            {
                key.Dispose();
            }
        }

        return pki;
    }

    private static void Write(KubeadmPki pki, KubeadmPkiOptions options, RSA[] keys)
    {
        var caKey = keys[0];
        var caRequest = new CertificateRequest($"CN={options.CaCommonName}", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var notBefore = DateTimeOffset.UtcNow - s_backdate;
        using var ca = caRequest.CreateSelfSigned(notBefore, notBefore + s_caValidity);
        Write(pki.CaCert, pki.CaKey, ca, caKey);

        var names = options.LeafNames();
        Issue(ca, caKey, keys[1], pki.ServerCert, pki.ServerKey, options.ServerCommonName, names, serverAuth: true);
        Issue(ca, caKey, keys[2], pki.PeerCert, pki.PeerKey, options.PeerCommonName, names, serverAuth: true);
        Issue(ca, caKey, keys[3], pki.HealthcheckClientCert, pki.HealthcheckClientKey, KubeadmPkiOptions.HealthcheckClientCommonName,
            names, serverAuth: false);
        if (options.IssueApiServerEtcdClient)
        {
            Issue(ca, caKey, keys[4], pki.ApiServerEtcdClientCert, pki.ApiServerEtcdClientKey,
                KubeadmPkiOptions.ApiServerEtcdClientCommonName, names, serverAuth: false);
        }
    }

    /// <summary>Opens a PKI folder written earlier (nothing is read until a certificate is issued).</summary>
    /// <exception cref="FileNotFoundException">The folder holds no <c>ca.crt</c>.</exception>
    public static KubeadmPki Open(string directory) => Open(directory, mustExist: true);

    internal static KubeadmPki Open(string directory, bool mustExist)
    {
        var pki = new KubeadmPki(Path.GetFullPath(directory));
        return !mustExist || File.Exists(pki.CaCert) ? pki : throw new FileNotFoundException("no ca.crt in the PKI folder", pki.CaCert);
    }

    /// <summary>Issues a client certificate (client auth only) from this CA, e.g. kubeadm's
    /// <c>apiserver-etcd-client</c>; the files must not exist.</summary>
    /// <returns>The two paths written.</returns>
    public (string Cert, string Key) IssueClient(string certPath, string keyPath, string commonName)
    {
        using var ca = X509Certificate2.CreateFromPemFile(CaCert, CaKey);
        using var caKey = ca.GetRSAPrivateKey() ?? throw new InvalidOperationException($"{CaKey}: not an RSA key");
        using var key = RSA.Create(KeySize);
        Issue(ca, caKey, key, certPath, keyPath, commonName, new KubeadmPkiOptions().LeafNames(), serverAuth: false);
        return (certPath, keyPath);
    }

    private static void Issue(X509Certificate2 ca, RSA caKey, RSA key, string certPath, string keyPath, string commonName,
        (IReadOnlyList<string> Dns, IReadOnlyList<IPAddress> Ips) names, bool serverAuth)
    {
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(
            X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        var usages = new OidCollection();
        if (serverAuth)
        {
            usages.Add(s_serverAuth);
        }

        usages.Add(s_clientAuth);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(usages, false));
        var san = new SubjectAlternativeNameBuilder();
        foreach (var dns in names.Dns)
        {
            san.AddDnsName(dns);
        }

        foreach (var ip in names.Ips)
        {
            san.AddIpAddress(ip);
        }

        request.CertificateExtensions.Add(san.Build());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // a positive serial, as RFC 5280 requires
        var notBefore = DateTimeOffset.UtcNow - s_backdate;
        using var signed = request.Create(ca.SubjectName, X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1),
            notBefore, notBefore + s_leafValidity, serial);
        Write(certPath, keyPath, signed, key);
    }

    private static void Write(string certPath, string keyPath, X509Certificate2 cert, RSA key)
    {
        WriteNew(certPath, cert.ExportCertificatePem() + "\n", CertMode);
        WriteNew(keyPath, key.ExportRSAPrivateKeyPem() + "\n", KeyMode);
    }

    private static void WriteNew(string path, string text, UnixFileMode mode)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = mode;
        }

        using var stream = new FileStream(path, options);
        stream.Write(System.Text.Encoding.ASCII.GetBytes(text));
        stream.Flush(flushToDisk: true);
    }

    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            System.IO.Directory.CreateDirectory(path);
        }
        else
        {
            System.IO.Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
