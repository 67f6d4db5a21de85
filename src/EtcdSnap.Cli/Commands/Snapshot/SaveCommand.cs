using System.CommandLine;
using EtcdSnap.Cli.Commands.Shared;
using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Cli.Printing;
using EtcdSnap.Core.Snapshots;
using EtcdSnap.Etcd;

namespace EtcdSnap.Cli.Commands.Snapshot;

/// <summary>`etcdsnap save [FILE]`: stream a verified snapshot from one member to a file.</summary>
internal static class SaveCommand
{
    public static Command Create(CliConsole console, string name = "save")
    {
        var file = new Argument<string?>("FILE")
        {
            Description = "Snapshot file to create (default: snapshot-<UTC timestamp>.db in the current directory)",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var noSidecar = new Option<bool>("--no-sidecar") { Description = "Do not write FILE.json beside the snapshot" };
        var output = OutputOption.Create();
        var command = new Command(name, """
            Save a snapshot of etcd to a file, verified against etcd's sha256.

            etcd is found from --endpoints, ETCDCTL_* variables, or the kubeadm manifest (--manifest, or
            /etc/kubernetes/manifests/etcd.yaml when it exists). With several endpoints the leader is used,
            else the member with the highest revision. The file is written as FILE.part (mode 0600), checked,
            fsynced and renamed; FILE.json records what it holds.

            Examples:
              # On a kubeadm control-plane node: everything from the static pod manifest
              etcdsnap save /var/backups/etcd/before-upgrade.db

              # Explicit endpoint and certificates, like etcdctl
              etcdsnap save snap.db --endpoints https://127.0.0.1:2379 --cacert ca.crt --cert client.crt --key client.key

              # Several members: the leader is chosen
              etcdsnap save --endpoints https://10.0.0.1:2379,https://10.0.0.2:2379,https://10.0.0.3:2379
            """)
        {
            file,
            noSidecar,
            output,
        };
        var connection = new ConnectionOptions().AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var request = new SaveRequest
            {
                Connection = connection.Read(result),
                TargetPath = result.GetValue(file),
                WriteSidecar = !result.GetValue(noSidecar),
            };
            var record = await ProgressDisplay.RunAsync(console, "saving snapshot", sink =>
                SnapshotSaver.SaveAsync(request, new Progress(sink), cancellationToken));
            OutputPrinter.Print(console, result.GetValue(output), record, SnapshotJsonContext.Default.SnapshotRecord, PrintTable);
            return 0;
        });
        return command;
    }

    private static void PrintTable(TextWriter writer, SnapshotRecord r) =>
        new DetailsWriter()
            .Add("File", r.File)
            .Add("Size", $"{Humanize.Bytes(r.Size)} ({r.Size} bytes)")
            .Add("Revision", r.Revision)
            .Add("Member", $"{(r.MemberName.Length > 0 ? r.MemberName : "?")} ({r.MemberId}){(r.WasLeader ? ", leader" : "")}")
            .Add("Endpoint", $"{r.Endpoint} ({r.Selection})")
            .Add("Cluster", r.ClusterId)
            .Add("etcd", r.EtcdVersion)
            .Add("Duration", Humanize.Seconds(r.DurationSeconds))
            .Add("SHA256", r.Sha256)
            .WriteTo(writer);

    // Progress<T> would post to the thread pool; the sink is thread-safe and cheap, so report inline.
    private sealed class Progress(ProgressSink sink) : IProgress<SnapshotProgress>
    {
        public void Report(SnapshotProgress value)
        {
            if (value.TotalBytes is { } total)
            {
                sink.SetTotal(total);
            }

            sink.Report(value.BytesReceived);
        }
    }
}
