using System.CommandLine;
using EtcdSnap.Cli.Commands.Shared;
using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Cli.Printing;
using EtcdSnap.Core.Connection;
using EtcdSnap.Core.ManifestRestore;

namespace EtcdSnap.Cli.Commands.Node;

/// <summary>`etcdsnap rollback --manifest PATH`: put back the manifest the last `restore --manifest` kept.</summary>
internal static class RollbackCommand
{
    public static Command Create(CliConsole console)
    {
        var manifest = new Option<string?>("--manifest")
        {
            Description = $"The etcd static pod manifest a restore switched (default {ConnectionInputs.DefaultManifestPath})",
        };
        var hostRoot = new Option<string>("--host-root")
        {
            Description = "Where the node's root filesystem is mounted; hostPath volumes resolve under it",
            DefaultValueFactory = _ => "/",
        };
        var noWait = new Option<bool>("--no-wait") { Description = "Put the manifest back and return without waiting for etcd" };
        var timeout = new Option<string>("--timeout") { Description = "How long to wait for etcd (exit 6 after it)", DefaultValueFactory = _ => "5m" };
        var output = OutputOption.Create();
        var command = new Command("rollback", """
            Undo `etcdsnap restore --manifest`: put the previous manifest back and wait for etcd.

            Undo `etcdsnap restore --manifest`: put back the manifest kept in the newest
            etcdsnap-backup-manifests-<time>/ folder beside the manifests folder (one atomic rename), keep the
            manifest it replaces in etcdsnap-rolled-back-manifests-<time>/, and wait until etcd serves the previous
            data dir again. No data dir is deleted. Refuses when there is nothing to roll back.

            Examples:
              etcdsnap rollback --manifest /etc/kubernetes/manifests/etcd.yaml
            """)
        {
            manifest,
            hostRoot,
            noWait,
            timeout,
            output,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var root = result.GetValue(hostRoot) ?? "/";
            var request = new ManifestRollbackRequest
            {
                ManifestPath = result.GetValue(manifest) ?? HostPaths.Under(root, ConnectionInputs.DefaultManifestPath),
                HostRoot = root,
                NoWait = result.GetValue(noWait),
                Timeout = Durations.Parse(result.GetValue(timeout)!, "--timeout"),
            };
            var done = await ManifestRollback.RollbackAsync(request, PhaseWriter.For(console), cancellationToken);
            OutputPrinter.Print(console, result.GetValue(output), RollbackOutput.From(done), NodeJsonContext.Default.RollbackOutput, Write);
            return 0;
        });
        return command;
    }

    private static void Write(TextWriter w, RollbackOutput o)
    {
        w.WriteLine("Rolled back.");
        new DetailsWriter()
            .Add("Manifest", o.Manifest)
            .Add("Put back from", o.RestoredFrom)
            .Add("Replaced kept at", o.KeptAside)
            .Add("Data dir", o.DataDir + (o.RestoredDataDirKept is { } kept ? $" (the restored {kept} is kept)" : ""))
            .Add("etcd", o.Health is { } h ? $"{h.Endpoint}: revision {h.Revision}, leader {h.Leader ?? "none yet"}, back after {h.WaitedSeconds:0.0}s" : "not waited for (--no-wait)")
            .Add("Duration", Humanize.Seconds(o.DurationSeconds))
            .WriteTo(w);
        w.WriteLine();
        w.WriteLine("Next: restart kube-apiserver, kube-controller-manager, kube-scheduler and the kubelet, as after the restore.");
    }
}
