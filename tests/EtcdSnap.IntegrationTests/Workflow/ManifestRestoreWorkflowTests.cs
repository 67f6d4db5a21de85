using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using EtcdSnap.Core.Node;
using EtcdSnap.Kubernetes.Manifests;
using EtcdSnap.Kubernetes.Objects;
using Xunit.Abstractions;

namespace EtcdSnap.IntegrationTests.Workflow;

/// <summary>
/// The seed's story on a kubeadm node under the local kubelet (etcd over mutual TLS; container paths differ from host
/// paths), through the CLI: save through the manifest, lose every object in default, restore through the manifest,
/// roll back; and every refusal of `restore --manifest` with its exit code.
/// </summary>
public sealed class ManifestRestoreWorkflowTests(WorkflowFixture fixture, ITestOutputHelper output) : IClassFixture<WorkflowFixture>
{
    private const long Bump = 1_000_000_000;

    [Fact]
    public async Task SeedStory_SaveDeleteRestoreRollback_EveryObjectBackThenPreviousDataServedAgain()
    {
        await using var node = await WorkflowNode.CreateAsync(fixture.PkiTemplate, output);
        await node.WaitHealthyAsync();
        await node.LoadSampleClusterAsync();
        var originalManifest = await File.ReadAllBytesAsync(node.Manifest);
        var snapshot = node.Scratch("snapshot.db");

        var save = await node.CliAsync("save", snapshot, "--manifest", node.Manifest, "--host-root", node.Root);
        Assert.True(save.ExitCode == 0, save.ToString());
        var (saved, _) = await node.ReadAllAsync();
        var inDefault = saved.Keys.Where(k => RegistryKeyParser.Parse(k).Namespace == "default").ToList();
        Assert.Equal(19, inDefault.Count);
        foreach (var key in inDefault)
        {
            await node.Etcdctl.CheckedAsync("del", key);
        }

        var (afterDelete, afterDeleteRevision) = await node.ReadAllAsync();
        Assert.DoesNotContain(afterDelete.Keys, inDefault.Contains);
        var mark = node.Kubelet.LastSequence;

        var restore = await node.CliAsync("restore", snapshot, "--manifest", node.Manifest, "--host-root", node.Root, "--timeout", "30s",
            "--restart-control-plane", "--control-plane-pause", "500ms");

        Assert.True(restore.ExitCode == 0, restore.ToString());
        var (restored, revision) = await node.ReadAllAsync();
        Assert.Equal(saved.Count, restored.Count);
        foreach (var (key, kv) in saved)
        {
            Assert.Equal(kv, restored[key]); // value, create/mod revision and version
        }

        Assert.True(revision >= saved.Values.Max(k => k.ModRevision) + Bump, $"revision {revision}");
        var members = await node.Etcdctl.CheckedAsync("member", "list");
        Assert.Contains($"controlplane, {node.Tree.PeerUrl}, {node.Tree.ClientUrl}", members, StringComparison.Ordinal);

        // The original manifest is kept byte for byte beside the manifests folder; the folder holds only the pods.
        var backup = Directory.GetDirectories(Path.Combine(node.Root, "etc", "kubernetes"), "etcdsnap-backup-manifests-*").Single();
        Assert.Equal(originalManifest, await File.ReadAllBytesAsync(Path.Combine(backup, "etcd.yaml")));
        Assert.Contains($"backed up old manifest to \"{Path.Combine(backup, "etcd.yaml")}\"", restore.Stderr, StringComparison.Ordinal);
        Assert.Equal(["etcd.yaml", "kube-apiserver.yaml", "kube-controller-manager.yaml", "kube-scheduler.yaml"],
            Directory.GetFileSystemEntries(node.Tree.ManifestsDirectory).Select(p => Path.GetFileName(p)).Order(StringComparer.Ordinal).ToArray());
        using (var record = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(backup, "restore.json"))))
        {
            Assert.Equal("/data/etcd", record.RootElement.GetProperty("previousDataDir").GetString());
        }

        // The new manifest differs in the data volume's hostPath and one annotation; container paths are untouched.
        var switched = EtcdPodManifest.Load(node.Manifest);
        var newDataDir = switched.Pod.FindVolume("etcd-data")!.HostPath!;
        Assert.StartsWith("/data/etcd-restored-", newDataDir, StringComparison.Ordinal);
        Assert.Equal("/var/lib/etcd", switched.Flags.Get("data-dir"));
        Assert.Equal("/var/lib/etcd", switched.Container.VolumeMounts.Single(m => m.Name == "etcd-data").MountPath);
        Assert.Matches("^/.*/snapshot.db sha256:[0-9a-f]{64}$", switched.Pod.Annotations["etcdsnap.io/restored-from"]);
        var oldLines = System.Text.Encoding.UTF8.GetString(originalManifest).Split('\n');
        var newLines = (await File.ReadAllTextAsync(node.Manifest)).Split('\n');
        Assert.Equal(oldLines.Length + 1, newLines.Length);
        Assert.Equal(2, newLines.Except(oldLines).Count()); // the hostPath line and the annotation line
        Assert.True(File.Exists(Path.Combine(node.Root, newDataDir.TrimStart('/'), "member", "snap", "db")));

        // --restart-control-plane: the kubelet stopped and started each control-plane pod.
        foreach (var component in new[] { "kube-apiserver", "kube-controller-manager", "kube-scheduler" })
        {
            var events = node.Kubelet.Events.Where(e => e.Sequence > mark && e.ManifestFile == component + ".yaml").ToList();
            Assert.Contains(events, e => e.Kind == KubeletEventKind.Stopped);
            await node.Kubelet.WaitForEventAsync(e => e.ManifestFile == component + ".yaml" && e.Kind == KubeletEventKind.Started, mark,
                TimeSpan.FromSeconds(10));
        }

        // The previous data dir is never written again: the same bytes until the rollback puts it back.
        var oldData = Path.Combine(node.Root, "data", "etcd");
        var oldState = WorkflowNode.Capture(oldData);
        await Task.Delay(500);
        Assert.Equal(oldState, WorkflowNode.Capture(oldData));

        var rollback = await node.CliAsync("rollback", "--manifest", node.Manifest, "--host-root", node.Root, "--timeout", "30s");

        Assert.True(rollback.ExitCode == 0, rollback.ToString());
        Assert.Equal(originalManifest, await File.ReadAllBytesAsync(node.Manifest));
        var (back, backRevision) = await node.ReadAllAsync();
        Assert.Equal(afterDelete, back); // the pre-restore data, as it was
        Assert.Equal(afterDeleteRevision, backRevision);
        var aside = Directory.GetDirectories(Path.Combine(node.Root, "etc", "kubernetes"), "etcdsnap-rolled-back-manifests-*").Single();
        Assert.Equal(newDataDir, EtcdPodManifest.Load(Path.Combine(aside, "etcd.yaml")).Pod.FindVolume("etcd-data")!.HostPath);
        Assert.True(File.Exists(Path.Combine(node.Root, newDataDir.TrimStart('/'), "member", "snap", "db")), "the restored data dir is kept");

        var again = await node.CliAsync("rollback", "--manifest", node.Manifest, "--host-root", node.Root, "--no-wait");
        Assert.Equal(5, again.ExitCode);
        Assert.Contains("nothing to roll back", again.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DryRun_PrintsPlanDiffAndMembers_TreeUnchanged()
    {
        await using var node = await WorkflowNode.CreateAsync(fixture.PkiTemplate, output, startKubelet: false);
        var before = WorkflowNode.Capture(node.Root);

        var run = await node.CliAsync("restore", fixture.Snapshot, "--manifest", node.Manifest, "--host-root", node.Root, "--dry-run");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(before, WorkflowNode.Capture(node.Root));
        Assert.Contains("Plan (dry run: nothing was changed).", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("-      path: /data/etcd\n+      path: /data/etcd-restored-", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"+    etcdsnap.io/restored-from: \"{fixture.Snapshot} sha256:{fixture.Sha256}\"", run.Stdout, StringComparison.Ordinal);
        var id = Formats.Membership.MemberIds.ToHex(Formats.Membership.MemberIds.ComputeMemberId([node.Tree.PeerUrl], "etcd-cluster"));
        Assert.Contains($"controlplane   {id}   {node.Tree.PeerUrl}   (this node)", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"(revision {fixture.Revision})", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoWait_SwitchesAndReturns_KubeletThenServesTheRestoredData()
    {
        await using var node = await WorkflowNode.CreateAsync(fixture.PkiTemplate, output);
        await node.WaitHealthyAsync();

        var run = await node.CliAsync("restore", fixture.Snapshot, "--manifest", node.Manifest, "--host-root", node.Root, "--no-wait");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("1. check that etcd serves the restored data", run.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("[restore/wait]", run.Stderr, StringComparison.Ordinal);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var status = await node.Etcdctl.RunAsync(["endpoint", "status", "-w", "json"]);
            if (status.ExitCode == 0 && JsonDocument.Parse(status.Stdout).RootElement[0].GetProperty("Status").GetProperty("header")
                .GetProperty("revision").GetInt64() == fixture.Revision + Bump)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "etcd never served the restored revision");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task RestoreTwiceFromOneSnapshot_WaitsForTheRestartedEtcd_NotTheOneServingTheSameRevision()
    {
        await using var node = await WorkflowNode.CreateAsync(fixture.PkiTemplate, output);
        await node.WaitHealthyAsync();
        string[] restore = ["restore", fixture.Snapshot, "--manifest", node.Manifest, "--host-root", node.Root, "--timeout", "30s"];
        var first = await node.CliAsync(restore);
        Assert.True(first.ExitCode == 0, first.ToString());
        var mark = node.Kubelet.LastSequence;

        // The running etcd already serves revision snapshot+bump with the same members: only its restart counts.
        var second = await node.CliAsync(restore);
        var returned = node.Kubelet.LastSequence;

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains($"etcd already serves revision {fixture.Revision + Bump}, past the snapshot's plus {Bump}: bumping by {2 * Bump}",
            second.Stderr, StringComparison.Ordinal);
        var (_, revision) = await node.ReadAllAsync();
        Assert.Equal(fixture.Revision + 2 * Bump, revision);
        var restarted = node.Kubelet.Events.Where(e => e.Sequence > mark && e.Sequence <= returned && e.ManifestFile == "etcd.yaml").ToList();
        Assert.Contains(restarted, e => e.Kind == KubeletEventKind.Stopped && e.Reason == "manifest changed");
        Assert.Contains(restarted, e => e.Kind == KubeletEventKind.Started && e.Reason == "manifest changed");
        var switched = EtcdPodManifest.Load(node.Manifest).Pod.FindVolume("etcd-data")!.HostPath!;
        Assert.True(Directory.Exists(Path.Combine(node.Root, switched.TrimStart('/'), "member")));
    }

    [Fact]
    public async Task NoBump_WaitsForTheRestartedEtcd_ServesTheSnapshotRevision()
    {
        await using var node = await WorkflowNode.CreateAsync(fixture.PkiTemplate, output);
        await node.WaitHealthyAsync();
        await node.LoadSampleClusterAsync(); // the running etcd is past the snapshot's revision already

        var run = await node.CliAsync("restore", fixture.Snapshot, "--manifest", node.Manifest, "--host-root", node.Root, "--no-bump",
            "--timeout", "30s", "-o", "json");

        Assert.True(run.ExitCode == 0, run.ToString());
        using var result = JsonDocument.Parse(run.Stdout);
        Assert.Equal(0, result.RootElement.GetProperty("bump").GetInt64());
        Assert.Equal(fixture.Revision, result.RootElement.GetProperty("health").GetProperty("revision").GetInt64());
        var (_, revision) = await node.ReadAllAsync();
        Assert.Equal(fixture.Revision, revision);
    }

    [Fact]
    public async Task Timeout_EtcdCannotStart_Exit6WithRollbackHint_RollbackPutsTheManifestBack()
    {
        await using var node = await WorkflowNode.CreateAsync(fixture.PkiTemplate, output);
        await node.WaitHealthyAsync();
        await node.StopKubeletAsync(); // etcd ran once: the current data dir holds a member
        using var squatter = new TcpListener(IPAddress.Loopback, new Uri(node.Tree.ClientUrl).Port);
        squatter.Start(); // now etcd cannot bind its client port: it crash-loops under the kubelet
        await node.StartKubeletAsync();
        var original = await File.ReadAllBytesAsync(node.Manifest);

        var run = await node.CliAsync("restore", fixture.Snapshot, "--manifest", node.Manifest, "--host-root", node.Root, "--timeout", "3s");

        Assert.Equal(6, run.ExitCode);
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith($"error: restore: etcd at {node.Tree.ClientUrl} did not serve the restored data within 3s", lines[^2], StringComparison.Ordinal);
        Assert.Equal($"hint: look at the etcd pod's log (crictl ps -a; crictl logs ID); to go back: etcdsnap rollback --manifest {node.Manifest} --host-root {node.Root}",
            lines[^1]);
        Assert.NotEqual(original, await File.ReadAllBytesAsync(node.Manifest));

        var rollback = await node.CliAsync("rollback", "--manifest", node.Manifest, "--host-root", node.Root, "--no-wait");
        Assert.True(rollback.ExitCode == 0, rollback.ToString());
        Assert.Equal(original, await File.ReadAllBytesAsync(node.Manifest));
    }

    [Fact]
    public async Task Refusals_PinnedHashMismatch5_ExistingTarget5_NotEtcd3_CorruptSnapshot3_TreeUnchanged()
    {
        await using var node = await WorkflowNode.CreateAsync(fixture.PkiTemplate, output, startKubelet: false);
        var existing = Path.Combine(node.Root, "data", "etcd-existing");
        Directory.CreateDirectory(existing);
        await File.WriteAllTextAsync(Path.Combine(existing, "keep"), "x");
        var corrupt = node.Scratch("corrupt.db");
        var bytes = await File.ReadAllBytesAsync(fixture.Snapshot);
        bytes[bytes.Length / 2] ^= 0xff;
        await File.WriteAllBytesAsync(corrupt, bytes);
        var before = WorkflowNode.Capture(node.Root);
        string[] common = ["--manifest", node.Manifest, "--host-root", node.Root, "--no-wait"];

        var pinned = await node.CliAsync(["restore", fixture.Snapshot, .. common, "--expect-sha256", new string('0', 64)]);
        var target = await node.CliAsync(["restore", fixture.Snapshot, .. common, "--data-dir", "/data/etcd-existing"]);
        var notEtcd = await node.CliAsync(["restore", fixture.Snapshot, "--manifest", Path.Combine(node.Tree.ManifestsDirectory, "kube-apiserver.yaml"),
            "--host-root", node.Root]);
        var bad = await node.CliAsync(["restore", corrupt, .. common]);
        var current = await node.CliAsync(["restore", fixture.Snapshot, .. common, "--data-dir", "/data/etcd/restored"]);

        Assert.Equal(5, pinned.ExitCode);
        Assert.Contains("expected", pinned.Stderr, StringComparison.Ordinal);
        Assert.Equal(5, target.ExitCode);
        Assert.StartsWith("error: restore: target \"/data/etcd-existing\" already exists", target.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, notEtcd.ExitCode);
        Assert.Contains("no container runs etcd", notEtcd.Stderr, StringComparison.Ordinal);
        Assert.Equal(3, bad.ExitCode);
        Assert.Equal(5, current.ExitCode);
        Assert.Contains("overlaps the current volume /data/etcd", current.Stderr, StringComparison.Ordinal);
        Assert.Equal(before, WorkflowNode.Capture(node.Root));
    }

    [Fact]
    public async Task BackupReference_PlanRestoreAndRecord_NameTheBackupNotItsTemporaryCopy()
    {
        await using var node = await WorkflowNode.CreateAsync(fixture.PkiTemplate, output);
        await node.WaitHealthyAsync();
        await node.LoadSampleClusterAsync();
        var key = node.Scratch("backup.key");
        Assert.True((await node.CliAsync("key", "generate", "--output", key)).ExitCode == 0);
        var repo = "file://" + node.Scratch("repo");
        var backup = await node.CliAsync("backup", "--repo", repo, "--manifest", node.Manifest, "--host-root", node.Root,
            "--encryption-key-file", key, "-o", "json");
        Assert.True(backup.ExitCode == 0, backup.ToString());
        string reference, sha256;
        using (var json = JsonDocument.Parse(backup.Stdout))
        {
            reference = json.RootElement.GetProperty("reference").GetString()!;
        }

        // The pin is etcd's digest of the db bytes (the trailer), as verify reports it; verify names the backup too.
        var verify = await node.CliAsync("verify", repo + "#latest", "--encryption-key-file", key, "-o", "json");
        Assert.True(verify.ExitCode == 0, verify.ToString());
        using (var json = JsonDocument.Parse(verify.Stdout))
        {
            Assert.Equal(reference, json.RootElement.GetProperty("file").GetString());
            sha256 = json.RootElement.GetProperty("sha256").GetString()!;
        }

        // restore-plan on #latest: every node's command names the backup by its ID, with the key file, pinned to its sha256.
        var members = $"controlplane={node.Tree.PeerUrl},etcd-b=https://127.0.0.2:2380";
        var plan = await node.CliAsync("restore-plan", repo + "#latest", "--encryption-key-file", key, "--manifest", node.Manifest,
            "--host-root", node.Root, "--initial-cluster", members, "--data-dir", "/data/etcd-restored");
        Assert.True(plan.ExitCode == 0, plan.ToString());
        var commands = plan.Stdout.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("etcdsnap restore ", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, commands.Count);
        // '#' is quoted for the shell: the command is meant to be pasted.
        Assert.All(commands, c => Assert.Equal($"etcdsnap restore '{reference}' --manifest /etc/kubernetes/manifests/etcd.yaml "
            + $"--initial-cluster {members} --data-dir /data/etcd-restored --expect-sha256 {sha256} --encryption-key-file {key}", c));
        Assert.Contains("reaches the repository", plan.Stdout, StringComparison.Ordinal);

        var restore = await node.CliAsync("restore", repo + "#latest", "--encryption-key-file", key, "--manifest", node.Manifest,
            "--host-root", node.Root, "--timeout", "30s", "-o", "json");

        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.DoesNotContain(".etcdsnap-tmp", restore.Stdout + restore.Stderr, StringComparison.Ordinal);
        using (var json = JsonDocument.Parse(restore.Stdout))
        {
            Assert.Equal(reference, json.RootElement.GetProperty("snapshot").GetString());
        }

        Assert.Equal($"{reference} sha256:{sha256}", EtcdPodManifest.Load(node.Manifest).Pod.Annotations["etcdsnap.io/restored-from"]);
        var kept = Directory.GetDirectories(Path.Combine(node.Root, "etc", "kubernetes"), "etcdsnap-backup-manifests-*").Single();
        using (var record = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(kept, "restore.json"))))
        {
            Assert.Equal(reference, record.RootElement.GetProperty("snapshot").GetString());
        }

        var (kvs, _) = await node.ReadAllAsync();
        Assert.Contains("/registry/deployments/default/blue", kvs.Keys);
    }

    [Fact]
    public async Task RestorePlan_ThreeMembers_PinnedCommandPerNode_AllThreeRestoreIntoOneCluster()
    {
        var nodes = new List<WorkflowNode>();
        try
        {
            foreach (var name in new[] { "etcd-a", "etcd-b", "etcd-c" })
            {
                nodes.Add(await WorkflowNode.CreateAsync(fixture.PkiTemplate, output, nodeName: name));
            }

            var members = string.Join(',', nodes.Select(n => $"{n.Tree.NodeName}={n.Tree.PeerUrl}"));
            var plan = await nodes[0].CliAsync("restore-plan", fixture.Snapshot, "--manifest", nodes[0].Manifest, "--host-root", nodes[0].Root,
                "--initial-cluster", members, "--data-dir", "/data/etcd-restored");

            Assert.True(plan.ExitCode == 0, plan.ToString());
            var commands = plan.Stdout.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("etcdsnap restore ", StringComparison.Ordinal)).ToList();
            Assert.Equal(3, commands.Count);
            Assert.All(commands, c => Assert.Equal(
                $"etcdsnap restore {fixture.Snapshot} --manifest /etc/kubernetes/manifests/etcd.yaml --initial-cluster {members} "
                + $"--data-dir /data/etcd-restored --expect-sha256 {fixture.Sha256}", c));
            var ids = nodes.Select(n => Formats.Membership.MemberIds.ToHex(Formats.Membership.MemberIds.ComputeMemberId([n.Tree.PeerUrl], "etcd-cluster"))).ToList();
            foreach (var (n, id) in nodes.Zip(ids))
            {
                Assert.Contains($"# {n.Tree.NodeName} (member {id}, peer {n.Tree.PeerUrl})", plan.Stdout, StringComparison.Ordinal);
            }

            // Each node runs the printed command at the same time; each waits until its member serves the restored cluster,
            // which it can only do once a majority is restored.
            foreach (var n in nodes)
            {
                await n.WaitHealthyAsync();
            }

            var runs = await Task.WhenAll(nodes.Select(n => n.CliAsync([.. commands[0].Split(' ').Skip(1)
                .Select(a => a == "/etc/kubernetes/manifests/etcd.yaml" ? n.Manifest : a), "--host-root", n.Root, "--timeout", "60s"])));

            Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.ToString()));
            Assert.All(runs, r => Assert.Contains("restore every other member", r.Stdout, StringComparison.Ordinal));
            var list = await nodes[1].Etcdctl.CheckedAsync("member", "list", "-w", "json");
            Assert.Equal(ids.Order(StringComparer.Ordinal), JsonDocument.Parse(list).RootElement.GetProperty("members").EnumerateArray()
                .Select(m => m.GetProperty("ID").GetUInt64().ToString("x", System.Globalization.CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal));
            var (kvs, revision) = await nodes[2].ReadAllAsync();
            Assert.Equal(fixture.Revision + Bump, revision);
            Assert.Contains("/registry/deployments/default/blue", kvs.Keys);
        }
        finally
        {
            foreach (var n in nodes)
            {
                await n.DisposeAsync();
            }
        }
    }
}
