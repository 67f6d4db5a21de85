using System.CommandLine;
using System.Globalization;
using EtcdSnap.Cli.Commands.Shared;
using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Cli.Printing;
using EtcdSnap.Core.Cluster;

namespace EtcdSnap.Cli.Commands.Cluster;

/// <summary>`etcdsnap member list`.</summary>
internal static class MemberCommand
{
    public static Command Create(CliConsole console)
    {
        var output = OutputOption.Create();
        var list = new Command("list", """
            List the cluster's members, as `etcdctl member list` does. A member that has not published its
            name yet (it never started) is "unstarted".

            Examples:
              etcdsnap member list -o json
            """)
        {
            output,
        };
        var connection = new ConnectionOptions().AddTo(list);
        list.SetAction(async (result, ct) =>
        {
            var members = await ClusterOperations.MemberListAsync(connection.Read(result), ct);
            var view = new MemberListOutput(
                members.ClusterId.ToString("x", CultureInfo.InvariantCulture),
                [.. members.Members.Select(m => new MemberOutput(m.Id.ToString("x", CultureInfo.InvariantCulture),
                    m.Name.Length == 0 ? "unstarted" : "started", m.Name, m.PeerUrls, m.ClientUrls, m.IsLearner))]);
            OutputPrinter.Print(console, result.GetValue(output), view, ClusterJsonContext.Default.MemberListOutput, (w, v) =>
            {
                var table = new TableWriter("ID", "STATUS", "NAME", "PEER ADDRS", "CLIENT ADDRS", "IS LEARNER");
                foreach (var m in v.Members)
                {
                    table.Row(m.Id, m.Status, m.Name, string.Join(",", m.PeerUrls), string.Join(",", m.ClientUrls), m.IsLearner);
                }

                table.WriteTo(w);
            });
            return 0;
        });
        return new Command("member", "Inspect cluster membership") { list };
    }
}
