using System.Net;
using System.Net.Sockets;
using EtcdSnap.Core.Node;
using EtcdSnap.Testing;
using Xunit.Abstractions;

namespace EtcdSnap.Core.Tests.Node;

[Collection(nameof(SharedPki))]
public sealed class LocalKubeletTests(PkiTemplate template, ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _temp = new("kubelet");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Start_SeparateHostPaths_EtcdServesMutualTlsFromTheHostPaths()
    {
        var tree = CreateTree(separate: true);
        await using var kubelet = Kubelet(tree);

        await kubelet.StartAsync();
        await WaitHealthyAsync(tree);
        await Ctl(tree).PutAsync("k", "v");

        Assert.True(File.Exists(Path.Combine(tree.Root, "data", "etcd", "member", "snap", "db")));
        Assert.False(Directory.Exists(Path.Combine(tree.Root, "var", "lib", "etcd")));
        var started = kubelet.Events.Where(e => e.Kind == KubeletEventKind.Started).ToList();
        Assert.Equal(["etcd.yaml", "kube-apiserver.yaml", "kube-controller-manager.yaml", "kube-scheduler.yaml"],
            started.Select(e => e.ManifestFile).ToArray());
        Assert.Equal("etcd-controlplane", started[0].PodName);
        Assert.False(started[0].Nominal);
        Assert.NotNull(started[0].Pid);
        Assert.All(started.Skip(1), e => Assert.True(e.Nominal));
        Assert.True(File.Exists(Path.Combine(tree.Root, "var", "log", "pods", "kube-system_etcd-controlplane", "etcd", "0.log")));
        // No "Required" flag reached etcd through our environment.
        Assert.DoesNotContain("ETCD_", await File.ReadAllTextAsync(Path.Combine(tree.Root, "var", "log", "pods",
            "kube-system_etcd-controlplane", "etcd", "0.log")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManifestChange_StopsWithSigtermAndStartsTheNewPod()
    {
        var tree = CreateTree(separate: false);
        await using var kubelet = Kubelet(tree);
        await kubelet.StartAsync();
        await WaitHealthyAsync(tree);
        var first = kubelet.Events.Single(e => e.ManifestFile == "etcd.yaml");
        var mark = kubelet.LastSequence;

        var text = await File.ReadAllTextAsync(tree.EtcdManifest);
        await File.WriteAllTextAsync(tree.EtcdManifest + ".new", text.Replace("--snapshot-count=10000", "--snapshot-count=5000", StringComparison.Ordinal));
        File.Move(tree.EtcdManifest + ".new", tree.EtcdManifest, overwrite: true);

        var stopped = await kubelet.WaitForEventAsync(e => e.ManifestFile == "etcd.yaml" && e.Kind == KubeletEventKind.Stopped, mark, s_wait);
        var started = await kubelet.WaitForEventAsync(e => e.ManifestFile == "etcd.yaml" && e.Kind == KubeletEventKind.Started, mark, s_wait);
        Assert.Equal(first.Pid, stopped.Pid);
        Assert.Equal(128 + 15, stopped.ExitCode); // ended by SIGTERM, not SIGKILL
        Assert.Equal("manifest changed", stopped.Reason);
        Assert.NotEqual(first.Pid, started.Pid);
        Assert.True(started.Sequence > stopped.Sequence);
        await WaitHealthyAsync(tree);
        Assert.DoesNotContain(kubelet.Events, e => e.Sequence > mark && e.ManifestFile != "etcd.yaml");
    }

    [Fact]
    public async Task ManifestRemoved_StopsThePod_NominalPodsAreLogged()
    {
        var tree = CreateTree(separate: false);
        await using var kubelet = Kubelet(tree);
        await kubelet.StartAsync();
        var mark = kubelet.LastSequence;

        File.Move(Path.Combine(tree.ManifestsDirectory, "kube-apiserver.yaml"), _temp.Combine("kube-apiserver.yaml"));
        var apiserverStopped = await kubelet.WaitForEventAsync(e => e.ManifestFile == "kube-apiserver.yaml", mark, s_wait);
        File.Move(_temp.Combine("kube-apiserver.yaml"), Path.Combine(tree.ManifestsDirectory, "kube-apiserver.yaml"));
        var apiserverStarted = await kubelet.WaitForEventAsync(e => e.ManifestFile == "kube-apiserver.yaml", apiserverStopped.Sequence, s_wait);
        File.Move(tree.EtcdManifest, _temp.Combine("etcd.yaml"));
        var etcdStopped = await kubelet.WaitForEventAsync(e => e.ManifestFile == "etcd.yaml", mark, s_wait);

        Assert.Equal((KubeletEventKind.Stopped, true, "manifest removed"), (apiserverStopped.Kind, apiserverStopped.Nominal, apiserverStopped.Reason));
        Assert.Equal((KubeletEventKind.Started, "kube-apiserver-controlplane"), (apiserverStarted.Kind, apiserverStarted.PodName));
        Assert.Equal((KubeletEventKind.Stopped, "manifest removed"), (etcdStopped.Kind, etcdStopped.Reason));
        Assert.NotEqual(0, (await Ctl(tree).RunAsync(["endpoint", "health", "--command-timeout=1s"])).ExitCode);
    }

    [Fact]
    public async Task PortTaken_EtcdExitsWithItsCodeAndIsRestartedWithBackoff()
    {
        var tree = CreateTree(separate: false);
        using var squatter = new TcpListener(IPAddress.Loopback, new Uri(tree.ClientUrl).Port);
        squatter.Start();
        await using var kubelet = Kubelet(tree);

        await kubelet.StartAsync();
        var exited = await kubelet.WaitForEventAsync(e => e.Kind == KubeletEventKind.Exited, 0, s_wait);
        var restarted = await kubelet.WaitForEventAsync(e => e.Kind == KubeletEventKind.Started && e.ManifestFile == "etcd.yaml", exited.Sequence, s_wait);

        Assert.NotEqual(0, exited.ExitCode);
        Assert.Contains("address already in use", exited.Reason, StringComparison.Ordinal);
        Assert.Equal("restart 1 after exit", restarted.Reason);
        Assert.True(restarted.Time - exited.Time >= TimeSpan.FromSeconds(0.9), $"restarted after {restarted.Time - exited.Time}");
        Assert.True(File.Exists(Path.Combine(tree.Root, "var", "log", "pods", "kube-system_etcd-controlplane", "etcd", "1.log")));
    }

    [Fact]
    public async Task BackupCopyInsideTheManifestsFolder_RunsAsASecondEtcdPod_DotFilesAreIgnored()
    {
        var tree = CreateTree(separate: false);
        await using var kubelet = Kubelet(tree);
        await kubelet.StartAsync();
        await WaitHealthyAsync(tree);
        var mark = kubelet.LastSequence;

        File.Copy(tree.EtcdManifest, Path.Combine(tree.ManifestsDirectory, ".etcd.yaml.swp"));
        File.Copy(tree.EtcdManifest, Path.Combine(tree.ManifestsDirectory, "etcd.yaml.bak"));

        var second = await kubelet.WaitForEventAsync(e => e.ManifestFile == "etcd.yaml.bak" && e.Kind == KubeletEventKind.Started, mark, s_wait);
        var crashed = await kubelet.WaitForEventAsync(e => e.ManifestFile == "etcd.yaml.bak" && e.Kind == KubeletEventKind.Exited, mark, s_wait);
        Assert.False(second.Nominal);
        Assert.NotEqual(0, crashed.ExitCode);
        Assert.DoesNotContain(kubelet.Events, e => e.ManifestFile.StartsWith('.'));
    }

    [Fact]
    public async Task StopIgnoringSigterm_IsKilledAfterTheGracePeriod()
    {
        var tree = CreateTree(separate: false);
        // Fault injection: an "etcd" that ignores SIGTERM, as a wedged process would.
        var stubborn = _temp.Combine("stubborn-etcd");
        await File.WriteAllTextAsync(stubborn, "#!/bin/sh\ntrap '' TERM\necho started\nwhile true; do sleep 0.1; done\n");
        File.SetUnixFileMode(stubborn, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        await using var kubelet = new LocalKubelet(new LocalKubeletOptions
        {
            Root = tree.Root,
            EtcdBinary = stubborn,
            GracePeriod = TimeSpan.FromMilliseconds(500),
            OnEvent = e => output.WriteLine(e.ToString()),
        });
        await kubelet.StartAsync();
        await Task.Delay(300);

        var started = DateTimeOffset.UtcNow;
        await kubelet.StopAsync();

        var stopped = kubelet.Events.Single(e => e.ManifestFile == "etcd.yaml" && e.Kind == KubeletEventKind.Stopped);
        Assert.Equal(128 + 9, stopped.ExitCode); // SIGKILL
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromMilliseconds(450));
    }

    [Fact]
    public async Task ContainerPathOnNoVolume_FailsToStartWithTheManifestsReason()
    {
        var tree = CreateTree(separate: false);
        var text = await File.ReadAllTextAsync(tree.EtcdManifest);
        await File.WriteAllTextAsync(tree.EtcdManifest, text.Replace("--data-dir=/var/lib/etcd", "--data-dir=/nowhere/etcd", StringComparison.Ordinal));
        await using var kubelet = Kubelet(tree);

        await kubelet.StartAsync();

        var failed = kubelet.Events.Single(e => e.ManifestFile == "etcd.yaml");
        Assert.Equal(KubeletEventKind.Failed, failed.Kind);
        Assert.Contains("--data-dir /nowhere/etcd is not under any volumeMount", failed.Reason, StringComparison.Ordinal);
    }

    private KubeadmNodeTree CreateTree(bool separate) => KubeadmNodeTree.Create(new KubeadmNodeOptions
    {
        Root = _temp.Combine("node"),
        SeparateHostPaths = separate,
        CopyPkiFrom = template.Directory,
    });

    private LocalKubelet Kubelet(KubeadmNodeTree tree) => new(new LocalKubeletOptions
    {
        Root = tree.Root,
        GracePeriod = TimeSpan.FromSeconds(10),
        OnEvent = e => output.WriteLine(e.ToString()),
    });

    private static Etcdctl Ctl(KubeadmNodeTree tree) => new(tree.ClientUrl, new EtcdTlsFiles(tree.Pki.CaCert, tree.Pki.ServerCert,
        tree.Pki.ServerKey, tree.Pki.HealthcheckClientCert, tree.Pki.HealthcheckClientKey, tree.Pki.PeerCert, tree.Pki.PeerKey));

    private static async Task WaitHealthyAsync(KubeadmNodeTree tree)
    {
        var deadline = DateTime.UtcNow + s_wait;
        while ((await Ctl(tree).RunAsync(["endpoint", "health", "--command-timeout=2s"])).ExitCode != 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "etcd did not become healthy under the local kubelet");
            await Task.Delay(100);
        }
    }
}
