using System.CommandLine;
using System.Runtime.InteropServices;
using EtcdSnap.Cli.Commands.Cluster;
using EtcdSnap.Cli.Commands.Shared;
using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Cli.Printing;
using EtcdSnap.Core;
using EtcdSnap.Core.Cluster;
using EtcdSnap.Core.Connection;
using EtcdSnap.Etcd;

namespace EtcdSnap.Cli.Commands;

/// <summary>`etcdsnap version`: the tool's version and, when an endpoint is known, the server's.</summary>
internal static class VersionCommand
{
    public static Command Create(CliConsole console)
    {
        var output = OutputOption.Create();
        var command = new Command("version", """
            Print the etcdsnap version, and the etcd server's when an endpoint is known (flags, ETCDCTL_*
            variables or the kubeadm manifest).

            Examples:
              etcdsnap version
              etcdsnap version --endpoints https://127.0.0.1:2379 --cacert ca.crt --cert c.crt --key c.key
            """)
        {
            output,
        };
        var connection = new ConnectionOptions().AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            var inputs = connection.Read(result);
            var resolved = ConnectionResolver.Resolve(inputs);
            var runtime = $"{RuntimeInformation.FrameworkDescription} {RuntimeInformation.RuntimeIdentifier}";
            string? server = null, endpoint = null, error = null;
            if (!resolved.EndpointSource.StartsWith("default", StringComparison.Ordinal))
            {
                try
                {
                    var status = await ClusterOperations.StatusAsync(inputs, ct);
                    (server, endpoint) = (status.Version, status.Endpoint);
                }
                catch (EtcdUnavailableException e)
                {
                    error = e.Message;
                }
            }

            var view = new VersionOutput(ToolInfo.Version, runtime, server, endpoint, error);
            OutputPrinter.Print(console, result.GetValue(output), view, ClusterJsonContext.Default.VersionOutput, (w, v) =>
            {
                w.WriteLine($"etcdsnap version: {v.Etcdsnap}");
                w.WriteLine($"runtime: {v.Runtime}");
                if (v.Server is not null)
                {
                    w.WriteLine($"etcd server version: {v.Server} ({v.ServerEndpoint})");
                }
            });
            return error is null ? 0 : throw new EtcdUnavailableException(error);
        });
        return command;
    }
}
