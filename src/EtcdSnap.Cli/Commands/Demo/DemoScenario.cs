using System.Diagnostics;
using System.Globalization;
using EtcdSnap.Cli.Printing;
using EtcdSnap.Core.Connection;
using EtcdSnap.Core.ManifestRestore;
using EtcdSnap.Core.Node;
using EtcdSnap.Core.Snapshots;
using EtcdSnap.Etcd;
using EtcdSnap.Formats.Snapshot;
using EtcdSnap.Kubernetes.Objects.Samples;

namespace EtcdSnap.Cli.Commands.Demo;

/// <summary>
/// The seed's story on a throwaway kubeadm node: etcd as a static pod over mutual TLS, Kubernetes objects in it, a
/// snapshot taken through the manifest, every object in <c>default</c> deleted, a restore through the manifest, and a
/// before/after table. Every step checks that it did what it says and throws <see cref="DemoFailedException"/> if not.
/// </summary>
internal sealed class DemoScenario(TextWriter output, string root, string? etcdBinary)
{
    private const string SnapshotNodePath = "/opt/snapshot.db";
    private static readonly string[] s_controlPlaneComponents = ["kube-apiserver", "kube-controller-manager", "kube-scheduler"];
    private readonly Lock _lock = new();
    private KubeadmNodeTree? _tree;

    /// <summary>The node tree, once built.</summary>
    public KubeadmNodeTree? Tree => _tree;

    /// <summary>Plays the story; the kubelet runs only inside this call.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var tree = _tree = KubeadmNodeTree.Create(new KubeadmNodeOptions { Root = root });
        Say("demo/node", $"built a kubeadm control-plane node under {tree.Root}: {KubeadmNodeTree.ManifestsNodePath}/etcd.yaml "
            + $"(etcd {tree.ClientUrl}, mutual TLS), kube-apiserver, kube-controller-manager and kube-scheduler manifests, "
            + $"PKI in {tree.PkiHostPath}, data in {tree.DataHostPath}");

        await using var kubelet = new LocalKubelet(new LocalKubeletOptions
        {
            Root = tree.Root,
            NodeName = tree.NodeName,
            EtcdBinary = etcdBinary,
            GracePeriod = TimeSpan.FromSeconds(10),
            OnEvent = e => Say("demo/kubelet", e.ToString()),
        });
        await kubelet.StartAsync(cancellationToken);
        var connection = new ConnectionInputs { ManifestPath = tree.EtcdManifest, HostRoot = tree.Root, Environment = new Dictionary<string, string?>() };
        using var factory = EtcdClientFactory.Create(ConnectionResolver.Resolve(connection).Options);
        using var client = factory.CreateMemberClient();
        var status = await WaitForEtcdAsync(client, cancellationToken);
        Say("demo/etcd", $"etcd {status.Version} answers at {tree.ClientUrl} with the healthcheck client certificate "
            + $"(cluster {status.ClusterId:x}, member {status.MemberId:x})");

        var loaded = await LoadAsync(client, cancellationToken);
        var before = await ObjectInventory.ReadAsync(client, cancellationToken);
        var snapshot = await SaveAsync(tree, connection, cancellationToken);

        var afterDelete = await DisasterAsync(client, before, cancellationToken);
        var restoreStarted = kubelet.LastSequence;
        var restore = await ManifestRestorer.RestoreAsync(new ManifestRestoreRequest
        {
            SnapshotPath = snapshot.File,
            ManifestPath = tree.EtcdManifest,
            HostRoot = tree.Root,
            Timeout = TimeSpan.FromSeconds(30),
            RestartControlPlane = true,
            ControlPlanePause = TimeSpan.FromSeconds(1),
        }, new Progress(this), cancellationToken);

        PrintDiff(restore);
        await CheckControlPlaneRestartedAsync(kubelet, restoreStarted, cancellationToken);
        var after = await ObjectInventory.ReadAsync(client, cancellationToken);
        Check(restore, tree, before, after);
        PrintTable(before, afterDelete, after);
        Say("demo", $"every object is back ({before.Count} of the {loaded} keys written are API objects; {after.Count} after the restore); "
            + $"etcd serves revision {restore.Health!.Observation.Status.Revision} from {restore.Plan.NewDataDir}, the old data "
            + $"dir {restore.Plan.CurrentDataDir.HostPath} and the original manifest {restore.BackupManifest} are kept; "
            + $"done in {clock.Elapsed.TotalSeconds:0.0}s");
    }

    /// <summary>Writes one progress line.</summary>
    public void Say(string phase, string text)
    {
        lock (_lock)
        {
            output.WriteLine($"[{phase}] {text}");
        }
    }

    private static async Task<EtcdMemberStatus> WaitForEtcdAsync(EtcdMemberClient client, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                var status = await client.StatusAsync(cancellationToken);
                if (status.LeaderId != 0)
                {
                    return status;
                }
            }
            catch (EtcdUnavailableException) when (deadline.Elapsed < TimeSpan.FromSeconds(20))
            {
                // Still starting.
            }
            catch (EtcdUnavailableException e)
            {
                throw new DemoFailedException("etcd did not start under the local kubelet within 20s: " + e.Message);
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    private async Task<int> LoadAsync(EtcdMemberClient client, CancellationToken cancellationToken)
    {
        var entries = SampleCluster.Create();
        foreach (var entry in entries)
        {
            await client.PutAsync(entry.Key, entry.Value, cancellationToken: cancellationToken);
        }

        var inDefault = entries.Count(e => e.Key.Contains("/default/", StringComparison.Ordinal));
        Say("demo/load", $"wrote {entries.Count} keys as kube-apiserver stores them (protobuf, JSON for custom resources, one "
            + $"Secret encrypted at rest) through the gRPC client: deployments blue (3 replicas) and red (2), their replica "
            + $"sets and pods, NodePort services blue-service (80:30082) and red-service (80:30080); {inDefault} keys in default");
        return entries.Count;
    }

    private async Task<SnapshotRecord> SaveAsync(KubeadmNodeTree tree, ConnectionInputs connection, CancellationToken cancellationToken)
    {
        var target = tree.Local(SnapshotNodePath);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var record = await SnapshotSaver.SaveAsync(new SaveRequest { Connection = connection, TargetPath = target }, null, cancellationToken);
        Say("demo/save", $"etcdsnap save {SnapshotNodePath} --manifest {KubeadmNodeTree.ManifestsNodePath}/etcd.yaml: endpoint and "
            + $"certificates found through the manifest's volumes; {Humanize.Bytes(record.Size)}, revision {record.Revision}, "
            + $"sha256 {record.Sha256} (checked against etcd's)");
        var status = SnapshotStatusCalculator.Compute(record.File, cancellationToken: cancellationToken);
        if (!status.IsConsistent || status.Revision != record.Revision)
        {
            throw new DemoFailedException($"the saved snapshot does not check out: {status.Findings.Count} problems, revision {status.Revision}");
        }

        lock (_lock)
        {
            var table = new TableWriter("HASH", "REVISION", "TOTAL KEYS", "TOTAL SIZE");
            table.Row(status.Hash.ToString("x", CultureInfo.InvariantCulture), status.Revision, status.TotalKey, Humanize.Bytes(status.TotalSize));
            output.WriteLine("[demo/save] etcdsnap status " + SnapshotNodePath + ":");
            table.WriteTo(output);
        }

        return record;
    }

    private async Task<IReadOnlyDictionary<string, DemoObject>> DisasterAsync(EtcdMemberClient client,
        IReadOnlyDictionary<string, DemoObject> before, CancellationToken cancellationToken)
    {
        var victims = before.Values.Where(o => o.Namespace == "default").ToList();
        foreach (var o in victims)
        {
            if (await client.DeleteAsync(o.Key, cancellationToken: cancellationToken) != 1)
            {
                throw new DemoFailedException($"deleting {o.Key} deleted nothing");
            }
        }

        var after = await ObjectInventory.ReadAsync(client, cancellationToken);
        if (after.Values.Any(o => o.Namespace == "default"))
        {
            throw new DemoFailedException("objects in default survived the deletion");
        }

        Say("demo/disaster", $"deleted every object in namespace default ({victims.Count} objects: "
            + string.Join(", ", ObjectInventory.KubectlOrder(victims).Take(4).Select(o => o.DisplayName)) + ", …); kubectl get all "
            + "would show nothing there now");
        return after;
    }

    private void PrintDiff(ManifestRestoreResult restore)
    {
        lock (_lock)
        {
            output.WriteLine("[demo/manifest] the manifest edit: the etcd-data volume's hostPath, not the container's mountPath:");
            output.Write(restore.Plan.Edit.UnifiedDiff());
        }
    }

    // The restore moved the control-plane manifests out and back: the kubelet must have stopped and started each pod.
    private static async Task CheckControlPlaneRestartedAsync(LocalKubelet kubelet, long since, CancellationToken cancellationToken)
    {
        foreach (var component in s_controlPlaneComponents)
        {
            var file = component + ".yaml";
            try
            {
                var stopped = await kubelet.WaitForEventAsync(e => e.ManifestFile == file && e.Kind == KubeletEventKind.Stopped, since,
                    TimeSpan.FromSeconds(10), cancellationToken);
                await kubelet.WaitForEventAsync(e => e.ManifestFile == file && e.Kind == KubeletEventKind.Started, stopped.Sequence,
                    TimeSpan.FromSeconds(10), cancellationToken);
            }
            catch (TimeoutException)
            {
                throw new DemoFailedException($"the kubelet did not restart {component} after --restart-control-plane");
            }
        }
    }

    private static void Check(ManifestRestoreResult restore, KubeadmNodeTree tree, IReadOnlyDictionary<string, DemoObject> before,
        IReadOnlyDictionary<string, DemoObject> after)
    {
        foreach (var o in before.Values)
        {
            if (!after.TryGetValue(o.Key, out var back))
            {
                throw new DemoFailedException($"{o.DisplayName} ({o.Key}) is not back after the restore");
            }

            if (!back.SameAs(o))
            {
                throw new DemoFailedException($"{o.DisplayName} came back different (revision {back.ModRevision}, was {o.ModRevision})");
            }
        }

        if (after.Count != before.Count)
        {
            throw new DemoFailedException($"{after.Count} objects after the restore, {before.Count} before");
        }

        var oldData = tree.Local(restore.Plan.CurrentDataDir.HostPath);
        if (!Directory.Exists(Path.Combine(oldData, "member")))
        {
            throw new DemoFailedException($"the previous data dir {oldData} is gone");
        }

        if (restore.Health is null || restore.Health.Observation.Status.Revision < (restore.Restore!.BumpedRevision ?? 0))
        {
            throw new DemoFailedException("etcd does not serve the restored revision");
        }
    }

    private void PrintTable(IReadOnlyDictionary<string, DemoObject> before, IReadOnlyDictionary<string, DemoObject> afterDelete,
        IReadOnlyDictionary<string, DemoObject> after)
    {
        var table = new TableWriter("NAMESPACE", "OBJECT", "IN SNAPSHOT", "AFTER DELETE", "RESTORED");
        foreach (var o in ObjectInventory.KubectlOrder(before.Values.Where(o => o.Namespace == "default")))
        {
            table.Row(o.Namespace, o.DisplayName, $"rev {o.ModRevision}", afterDelete.ContainsKey(o.Key) ? "present" : "-",
                after.TryGetValue(o.Key, out var back) && back.SameAs(o) ? $"rev {back.ModRevision}, same bytes" : "MISSING");
        }

        var others = before.Values.Where(o => o.Namespace != "default").ToList();
        table.Row("(others)", $"{others.Count} objects in kube-system and cluster-wide",
            $"{others.Count}", $"{afterDelete.Values.Count(o => o.Namespace != "default")}",
            $"{others.Count(o => after.TryGetValue(o.Key, out var b) && b.SameAs(o))}, same bytes");
        lock (_lock)
        {
            output.WriteLine("[demo/verify] the objects, read back through the gRPC client:");
            table.WriteTo(output);
        }
    }

    private sealed class Progress(DemoScenario scenario) : IProgress<PhaseLine>
    {
        public void Report(PhaseLine value) => scenario.Say(value.Phase, value.Text);
    }
}
