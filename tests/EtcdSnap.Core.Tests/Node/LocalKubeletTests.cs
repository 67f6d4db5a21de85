using System.Diagnostics;
using EtcdSnap.Core.Node;
using EtcdSnap.Testing;
using Xunit.Abstractions;

namespace EtcdSnap.Core.Tests.Node;

public sealed class LocalKubeletTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Start_KubeadmTree_ServesMutualTlsThroughVolumes()
    {
        using var temp = new TempDirectory("kubelet");
        var sw = Stopwatch.StartNew();
        var tree = KubeadmNodeTree.Create(new KubeadmNodeOptions { Root = temp.Combine("node"), SeparateHostPaths = true });
        output.WriteLine($"tree {sw.ElapsedMilliseconds} ms");
        await using var kubelet = new LocalKubelet(new LocalKubeletOptions { Root = tree.Root, OnEvent = e => output.WriteLine(e.ToString()) });
        await kubelet.StartAsync();
        var ctl = new Etcdctl(tree.ClientUrl, new EtcdTlsFiles(tree.Pki.CaCert, tree.Pki.ServerCert, tree.Pki.ServerKey,
            tree.Pki.HealthcheckClientCert, tree.Pki.HealthcheckClientKey, tree.Pki.PeerCert, tree.Pki.PeerKey));
        while ((await ctl.RunAsync(["endpoint", "health"])).ExitCode != 0)
        {
            await Task.Delay(100);
        }

        output.WriteLine($"healthy {sw.ElapsedMilliseconds} ms");
    }
}
