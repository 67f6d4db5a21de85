using System.CommandLine;
using EtcdSnap.Cli.Commands.Backup;
using EtcdSnap.Cli.Commands.Shared;
using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Cli.Printing;
using EtcdSnap.Core.Connection;
using EtcdSnap.Core.ManifestRestore;

namespace EtcdSnap.Cli.Commands.Node;

/// <summary>`etcdsnap restore-plan SNAPSHOT --manifest PATH`: the command for every member's node, pinned to the snapshot.</summary>
internal static class RestorePlanCommand
{
    public static Command Create(CliConsole console)
    {
        var snapshot = new Argument<string>("snapshot") { Description = "The snapshot every member is restored from: a file, or REPO_URL#ID" };
        var manifest = new Option<string?>("--manifest")
        {
            Description = $"This node's etcd static pod manifest (default {ConnectionInputs.DefaultManifestPath})",
        };
        var hostRoot = new Option<string>("--host-root")
        {
            Description = "Where the node's root filesystem is mounted; hostPath volumes resolve under it",
            DefaultValueFactory = _ => "/",
        };
        var initialCluster = new Option<string?>("--initial-cluster")
        {
            Description = "The members, name=peer-url,... (default: the manifest's --initial-cluster)",
        };
        var dataDir = new Option<string?>("--data-dir")
        {
            Description = "The new data dir on every node (default <current>-restored-<UTC time>)",
        };
        var output = OutputOption.Create();
        var command = new Command("restore-plan", """
            Print the pinned restore command for every member of a multi-member kubeadm etcd cluster.

            Print, for every member of a multi-member kubeadm etcd cluster, the exact `etcdsnap restore --manifest`
            command to run on that member's node: the same snapshot, members, token and data dir everywhere, and
            pinned with --expect-sha256 so that a node holding another file refuses it (exit 5).

            Given a backup (REPO_URL#ID or REPO_URL#latest), the commands name the backup by its ID: every node fetches
            and verifies it itself, and nothing needs copying.

            Examples:
              etcdsnap restore-plan /var/backups/etcd/snapshot.db --manifest /etc/kubernetes/manifests/etcd.yaml
              etcdsnap restore-plan s3://backups/prod#latest --encryption-key-file /etc/etcdsnap/backup.key
            """)
        {
            snapshot,
            manifest,
            hostRoot,
            initialCluster,
            dataDir,
            output,
        };
        var input = new SnapshotInput().AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var root = result.GetValue(hostRoot) ?? "/";
            await using var source = await input.OpenAsync(result, result.GetValue(snapshot)!, cancellationToken);
            var fromBackup = source.Backup is not null;
            var plan = await ClusterRestorePlan.CreateAsync(source.Path,
                result.GetValue(manifest) ?? HostPaths.Under(root, ConnectionInputs.DefaultManifestPath), root,
                result.GetValue(initialCluster), result.GetValue(dataDir), TimeProvider.System, cancellationToken,
                fromBackup ? source.Name : null, fromBackup && source.Backup!.IsEncrypted ? input.KeyFile(result) : null);
            OutputPrinter.Print(console, result.GetValue(output), plan, NodeJsonContext.Default.ClusterRestorePlan, Write);
            return 0;
        });
        return command;
    }

    private static void Write(TextWriter w, ClusterRestorePlan p)
    {
        new DetailsWriter()
            .Add("Snapshot", $"{p.SnapshotPath} (revision {p.Revision})")
            .Add("SHA256", p.Sha256)
            .Add("Cluster", $"{p.ClusterId} (token {p.Token})")
            .Add("Members", p.InitialCluster)
            .Add("New data dir", p.DataDir + " on every node")
            .WriteTo(w);
        foreach (var warning in p.Warnings)
        {
            w.WriteLine("warning: " + warning);
        }

        w.WriteLine();
        w.WriteLine(p.FromBackup
            ? $"1. Make sure every member's node reaches the repository (and has the same key file, for an encrypted backup)."
            : $"1. Copy {p.SnapshotPath} to the same path on every member's node (the commands refuse any other file).");
        w.WriteLine("2. On each node, run its command (they may run at the same time; each waits for its own member, and the");
        w.WriteLine("   cluster elects a leader once a majority is restored):");
        foreach (var m in p.Members)
        {
            w.WriteLine();
            w.WriteLine($"   # {m.Name} (member {m.Id}, peer {string.Join(",", m.PeerUrls)})");
            w.WriteLine("   " + m.Command);
        }

        w.WriteLine();
        w.WriteLine("3. When every member is back: restart kube-apiserver, kube-controller-manager and kube-scheduler on every");
        w.WriteLine("   control-plane node (or add --restart-control-plane to the last commands), then the kubelets.");
    }
}
