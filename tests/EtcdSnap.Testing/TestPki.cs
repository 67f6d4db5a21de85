using EtcdSnap.Core.Node;

namespace EtcdSnap.Testing;

/// <summary>
/// A kubeadm-like etcd PKI for tests: a thin view of <see cref="KubeadmPki"/> (the one implementation, which the demo
/// uses too) with the file set that <see cref="EtcdProcess"/> serves with.
/// </summary>
public sealed class TestPki
{
    private readonly KubeadmPki _pki;

    private TestPki(KubeadmPki pki) => _pki = pki;

    /// <summary>The folder that plays /etc/kubernetes/pki/etcd.</summary>
    public string Directory => _pki.Directory;

    public string CaCert => _pki.CaCert;

    public string CaKey => _pki.CaKey;

    public string ServerCert => _pki.ServerCert;

    public string ServerKey => _pki.ServerKey;

    public string PeerCert => _pki.PeerCert;

    public string PeerKey => _pki.PeerKey;

    public string HealthcheckClientCert => _pki.HealthcheckClientCert;

    public string HealthcheckClientKey => _pki.HealthcheckClientKey;

    /// <summary>The files etcd serves with and the healthcheck client cert etcdctl uses.</summary>
    public EtcdTlsFiles EtcdFiles =>
        new(CaCert, ServerCert, ServerKey, HealthcheckClientCert, HealthcheckClientKey, PeerCert, PeerKey);

    /// <summary>Creates a CA (<c>CN=&lt;prefix&gt;-ca</c>) and leaf certificates valid for localhost and 127.0.0.1 in
    /// <paramref name="dir"/>.</summary>
    public static TestPki Create(string dir, string commonNamePrefix = "etcd") =>
        new(KubeadmPki.Create(dir, new KubeadmPkiOptions { CaCommonName = commonNamePrefix + "-ca", NodeName = "localhost" }));

    /// <summary>Issues a client certificate from this CA into another folder (e.g. apiserver-etcd-client).</summary>
    public (string Cert, string Key) IssueClient(string certPath, string keyPath, string commonName) =>
        _pki.IssueClient(certPath, keyPath, commonName);
}
