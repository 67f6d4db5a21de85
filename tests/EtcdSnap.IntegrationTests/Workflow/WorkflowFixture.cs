using EtcdSnap.Core.Node;
using EtcdSnap.Testing;
using Xunit.Abstractions;

namespace EtcdSnap.IntegrationTests.Workflow;

/// <summary>
/// Shared by the workflow tests: one kubeadm PKI (RSA keys take seconds to make) and one snapshot of the seed's
/// cluster, saved through the manifest of a node under the local kubelet.
/// </summary>
public sealed class WorkflowFixture : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _temp = new("workflow-fixture");

    /// <summary>The etcd PKI folder every node copies.</summary>
    public string PkiTemplate { get; private set; } = "";

    /// <summary>A snapshot of the seed's cluster (outside any node tree).</summary>
    public string Snapshot { get; private set; } = "";

    /// <summary>Its db SHA-256 (the trailer).</summary>
    public string Sha256 { get; private set; } = "";

    /// <summary>Its revision.</summary>
    public long Revision { get; private set; }

    public async Task InitializeAsync()
    {
        PkiTemplate = KubeadmPki.Create(_temp.Combine("pki", "etcd"), new KubeadmPkiOptions { IssueApiServerEtcdClient = true }).Directory;
        await using var node = await WorkflowNode.CreateAsync(PkiTemplate, new NullOutput());
        await node.WaitHealthyAsync();
        await node.LoadSampleClusterAsync();
        Snapshot = _temp.Combine("seed.db");
        var save = await node.CliAsync("save", Snapshot, "--manifest", node.Manifest, "--host-root", node.Root, "-o", "json");
        if (save.ExitCode != 0)
        {
            throw new InvalidOperationException("fixture save failed: " + save);
        }

        using var record = System.Text.Json.JsonDocument.Parse(save.Stdout);
        Sha256 = record.RootElement.GetProperty("sha256").GetString()!;
        Revision = record.RootElement.GetProperty("revision").GetInt64();
    }

    public Task DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => _temp.Dispose();

    private sealed class NullOutput : ITestOutputHelper
    {
        public void WriteLine(string message)
        {
        }

        public void WriteLine(string format, params object[] args)
        {
        }
    }
}
