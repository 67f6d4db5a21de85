using System.CommandLine;
using EtcdSnap.Cli.Commands.Backup;
using EtcdSnap.Cli.Commands.Inspect;
using EtcdSnap.Cli.Commands.Shared;
using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Etcd;

namespace EtcdSnap.Cli.Commands.Kv;

/// <summary>
/// `get`: one verb, two worlds. `get KEY` reads live etcd like etcdctl; `get SNAPSHOT RESOURCE NAME` reads a Kubernetes
/// object out of a backup, like kubectl. The number of arguments decides.
/// </summary>
internal static class GetCommand
{
    public static Command Create(CliConsole console)
    {
        var args = new Argument<string[]>("ARGS")
        {
            Description = "KEY (live etcd), or SNAPSHOT RESOURCE NAME (an object in a backup)",
            Arity = new ArgumentArity(1, 3),
        };
        var prefix = new Option<bool>("--prefix") { Description = "Live: every key that starts with KEY" };
        var keysOnly = new Option<bool>("--keys-only") { Description = "Live: leave out values" };
        var limit = new Option<long>("--limit") { Description = "Live: at most this many keys (0 = no limit)" };
        var revision = new Option<long>("--rev") { Description = "Live: read at this revision (0 = current)" };
        var output = OutputOption.Create();
        var command = new Command("get", """
            Read a key from live etcd, or a Kubernetes object from a snapshot.

            Examples:
              # Live etcd, like etcdctl
              etcdsnap get /registry/deployments/default --prefix --keys-only

              # An object inside a backup, like kubectl (offline; yaml unless -o json)
              etcdsnap get snapshot.db deployments -n default blue
            """)
        {
            args,
            prefix,
            keysOnly,
            limit,
            revision,
            output,
        };
        var connection = new ConnectionOptions().AddTo(command);
        var objectMode = new ObjectGetCommand();
        objectMode.AddOptionsTo(command);
        var input = new SnapshotInput().AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            var values = result.GetValue(args)!;
            if (values.Length == 1)
            {
                var options = new EtcdRangeOptions
                {
                    Prefix = result.GetValue(prefix),
                    KeysOnly = result.GetValue(keysOnly),
                    Limit = result.GetValue(limit),
                    Revision = result.GetValue(revision),
                };
                return await KvCommands.GetAsync(console, connection, result, values[0], options, result.GetValue(output), ct);
            }

            if (values.Length == 2)
            {
                throw new UsageException("get: two arguments are ambiguous: pass KEY for live etcd, or SNAPSHOT RESOURCE NAME for an object in a backup");
            }

            await using var source = await input.OpenAsync(result, values[0], ct);
            return await ObjectGetCommand.RunAsync(console, objectMode.Read(result, source, values[1], values[2],
                result.GetResult(output) is { Implicit: false } ? result.GetValue(output) : null), ct);
        });
        return command;
    }
}
