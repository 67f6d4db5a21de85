using System.CommandLine;
using EtcdSnap.Cli.Infrastructure;

namespace EtcdSnap.Cli.Commands.Demo;

/// <summary>`etcdsnap demo [--keep] [--root DIR]`: the README's story, end to end, on a throwaway kubeadm node.</summary>
internal static class DemoCommand
{
    public static Command Create(CliConsole console)
    {
        var keep = new Option<bool>("--keep") { Description = "Keep the node tree (etcd is stopped) to look at or replay with `etcdsnap kubelet`" };
        var root = new Option<string?>("--root") { Description = "Build the node tree here (empty or missing) instead of a temp folder" };
        var etcd = new Option<string?>("--etcd") { Description = "etcd binary to run (default: etcd on PATH)" };
        var command = new Command("demo", """
            Replay the seed's outage on a throwaway kubeadm node: save, delete, restore through the manifest.

            Replay the backup/restore story EtcdSnap was written for, on a throwaway kubeadm control-plane node:
            etcd runs as a static pod (under a small local kubelet, mutual TLS on 127.0.0.1), Kubernetes objects are
            written the way kube-apiserver stores them, a snapshot is saved through the manifest, every object in
            `default` is deleted, the snapshot is restored through the manifest, and a before/after table shows every
            object back. Installs nothing; needs etcd on PATH. Cleans up after itself unless --keep.

            Examples:
              etcdsnap demo
              etcdsnap demo --keep --root /tmp/node   # then: etcdsnap kubelet --root /tmp/node
            """)
        {
            keep,
            root,
            etcd,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            var given = result.GetValue(root);
            if (given is not null && Directory.Exists(given) && Directory.EnumerateFileSystemEntries(given).Any())
            {
                throw new UsageException($"--root \"{given}\" is not empty; the demo builds a node tree only in an empty or missing folder");
            }

            var temp = given is null ? Directory.CreateTempSubdirectory("etcdsnap-demo-").FullName : null;
            var nodeRoot = given is null ? Path.Combine(temp!, "node") : Path.GetFullPath(given);
            var scenario = new DemoScenario(console.Out, nodeRoot, result.GetValue(etcd));
            try
            {
                await scenario.RunAsync(cancellationToken);
                return 0;
            }
            catch (DemoFailedException e)
            {
                console.Error.WriteLine("error: demo: " + e.Message.ReplaceLineEndings(" "));
                return (int)ExitCode.Failure;
            }
            finally
            {
                // The kubelet (and etcd) stopped when the scenario returned.
                if (result.GetValue(keep))
                {
                    scenario.Say("demo/cleanup", $"kept the node tree at {nodeRoot}; replay it with: etcdsnap kubelet --root {nodeRoot}");
                }
                else
                {
                    Remove(temp ?? nodeRoot);
                    scenario.Say("demo/cleanup", $"stopped every pod and removed {temp ?? nodeRoot}");
                }
            }
        });
        return command;
    }

    private static void Remove(string path)
    {
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }
}
