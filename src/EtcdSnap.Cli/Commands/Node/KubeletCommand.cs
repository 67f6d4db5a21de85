using System.CommandLine;
using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Core.Node;

namespace EtcdSnap.Cli.Commands.Node;

/// <summary>`etcdsnap kubelet --root DIR` (hidden): the demo's stand-in kubelet, for replaying the demo by hand.</summary>
internal static class KubeletCommand
{
    public static Command Create(CliConsole console)
    {
        var root = new Option<string>("--root")
        {
            Description = "The folder that plays the node's / (a tree from `etcdsnap demo --keep --root DIR`)",
            Required = true,
        };
        var etcd = new Option<string?>("--etcd") { Description = "etcd binary to run for the etcd pod (default: etcd on PATH)" };
        var grace = new Option<string>("--grace-period")
        {
            Description = "Time between SIGTERM and SIGKILL when a pod is stopped",
            DefaultValueFactory = _ => "30s",
        };
        var node = new Option<string>("--node-name") { Description = "Node name (mirror pod suffix)", DefaultValueFactory = _ => "controlplane" };
        var command = new Command("kubelet", """
            Play the kubelet for the static pods under ROOT/etc/kubernetes/manifests, without a container runtime:
            etcd runs as a host process with its container paths resolved through the pod's hostPath volumes under
            ROOT; it is restarted when its manifest changes and stopped when the manifest goes away. Other pods are
            run nominally (logged only). Like the kubelet, every file in the folder not starting with a dot is a pod.
            Stops every pod on Ctrl-C.

            Examples:
              # the tree the demo left behind
              etcdsnap demo --keep --root /tmp/node && etcdsnap kubelet --root /tmp/node
            """)
        {
            root,
            etcd,
            grace,
            node,
        };
        command.Hidden = true;
        command.SetAction(async (result, cancellationToken) =>
        {
            var directory = result.GetValue(root)!;
            if (!Directory.Exists(directory))
            {
                throw new UsageException($"--root \"{directory}\": no such directory");
            }

            var options = new LocalKubeletOptions
            {
                Root = directory,
                EtcdBinary = result.GetValue(etcd),
                NodeName = result.GetValue(node)!,
                GracePeriod = Durations.Parse(result.GetValue(grace)!, "--grace-period"),
                OnEvent = e => console.Out.WriteLine($"[kubelet] {e}"),
            };
            await using var kubelet = new LocalKubelet(options);
            console.Error.WriteLine($"[kubelet] watching {kubelet.ManifestsDirectory}; Ctrl-C stops every pod");
            await kubelet.RunAsync(cancellationToken);
            return 0;
        });
        return command;
    }
}
