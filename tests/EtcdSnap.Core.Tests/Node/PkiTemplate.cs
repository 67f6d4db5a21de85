using EtcdSnap.Core.Node;
using EtcdSnap.Testing;

namespace EtcdSnap.Core.Tests.Node;

/// <summary>One kubeadm PKI for every node tree of the test run (RSA keys take seconds to make); trees copy it.</summary>
public sealed class PkiTemplate : IDisposable
{
    private readonly TempDirectory _temp = new("pki-template");

    public PkiTemplate() =>
        Directory = KubeadmPki.Create(_temp.Combine("pki", "etcd"), new KubeadmPkiOptions { IssueApiServerEtcdClient = true }).Directory;

    /// <summary>The etcd PKI folder (its parent holds apiserver-etcd-client).</summary>
    public string Directory { get; }

    public void Dispose() => _temp.Dispose();
}

[CollectionDefinition(nameof(SharedPki))]
public sealed class SharedPki : ICollectionFixture<PkiTemplate>;
