using System.CommandLine;
using System.Globalization;
using EtcdSnap.Cli.Commands.Shared;
using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Cli.Printing;
using EtcdSnap.Core.Cluster;
using EtcdSnap.Etcd;

namespace EtcdSnap.Cli.Commands.Cluster;

/// <summary>`etcdsnap endpoint status|health`: is etcd there, who leads, how big is the db.</summary>
internal static class EndpointCommand
{
    public static Command Create(CliConsole console) => new("endpoint", "Check etcd endpoints (status, health)")
    {
        CreateStatus(console),
        CreateHealth(console),
    };

    private static Command CreateStatus(CliConsole console)
    {
        var output = OutputOption.Create();
        var command = new Command("status", """
            Print each endpoint's member ID, version, db size, leadership and raft indexes, as
            `etcdctl endpoint status` does. Exits 4 when any endpoint does not answer.

            Examples:
              etcdsnap endpoint status                      # from /etc/kubernetes/manifests/etcd.yaml
              etcdsnap endpoint status --endpoints 10.0.0.1:2379,10.0.0.2:2379 -o json
            """)
        {
            output,
        };
        var connection = new ConnectionOptions().AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            var statuses = await ClusterOperations.EndpointStatusAsync(connection.Read(result), ct);
            var rows = statuses.Select(ToOutput).ToList();
            OutputPrinter.Print<IReadOnlyList<EndpointStatusOutput>>(console, result.GetValue(output), rows,
                ClusterJsonContext.Default.IReadOnlyListEndpointStatusOutput, PrintStatus);
            return FailIfAny(statuses.Where(s => s.Error is not null).Select(s => s.Error!.Message).ToList());
        });
        return command;
    }

    private static Command CreateHealth(CliConsole console)
    {
        var output = OutputOption.Create();
        var command = new Command("health", """
            Check that each endpoint answers a linearizable read (it has a leader and a quorum), as
            `etcdctl endpoint health` does. Exits 4 when any endpoint is unhealthy.

            Examples:
              etcdsnap endpoint health --manifest /etc/kubernetes/manifests/etcd.yaml
            """)
        {
            output,
        };
        var connection = new ConnectionOptions().AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            var health = await ClusterOperations.EndpointHealthAsync(connection.Read(result), ct);
            OutputPrinter.Print(console, result.GetValue(output), health, ClusterJsonContext.Default.IReadOnlyListEndpointHealth,
                (w, rows) =>
                {
                    var table = new TableWriter("ENDPOINT", "HEALTH", "TOOK", "ERROR");
                    foreach (var h in rows)
                    {
                        table.Row(h.Endpoint, h.Healthy ? "true" : "false", Humanize.Seconds(h.TookSeconds), h.Error);
                    }

                    table.WriteTo(w);
                });
            return FailIfAny(health.Where(h => !h.Healthy).Select(h => $"{h.Endpoint} is unhealthy: {h.Error}").ToList());
        });
        return command;
    }

    private static int FailIfAny(List<string> errors) => errors.Count switch
    {
        0 => 0,
        1 => throw new EtcdUnavailableException(errors[0]),
        _ => throw new EtcdUnavailableException($"{errors.Count} endpoints failed: {string.Join("; ", errors)}"),
    };

    private static EndpointStatusOutput ToOutput(EndpointStatusResult r) => r.Status is { } s
        ? new EndpointStatusOutput(r.Endpoint.Text, Hex(s.MemberId), Hex(s.ClusterId), s.Version, s.DbSize, s.DbSizeInUse,
            Hex(s.LeaderId), s.IsLeader, s.IsLearner, s.RaftTerm, s.RaftIndex, s.RaftAppliedIndex, s.Revision, s.Errors)
        : new EndpointStatusOutput(r.Endpoint.Text, null, null, null, null, null, null, null, null, null, null, null, null,
            [r.Error?.Message ?? "no answer"]);

    private static string Hex(ulong id) => id.ToString("x", CultureInfo.InvariantCulture);

    private static void PrintStatus(TextWriter writer, IReadOnlyList<EndpointStatusOutput> rows)
    {
        var table = new TableWriter("ENDPOINT", "ID", "VERSION", "DB SIZE", "IS LEADER", "IS LEARNER", "RAFT TERM", "RAFT INDEX",
            "RAFT APPLIED INDEX", "REVISION", "ERRORS");
        foreach (var r in rows)
        {
            table.Row(r.Endpoint, r.MemberId, r.Version, r.DbSize is { } size ? Humanize.Bytes(size) : null, r.IsLeader, r.IsLearner,
                r.RaftTerm, r.RaftIndex, r.RaftAppliedIndex, r.Revision, string.Join(", ", r.Errors));
        }

        table.WriteTo(writer);
    }
}
