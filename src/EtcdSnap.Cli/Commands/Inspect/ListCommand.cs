using System.CommandLine;
using EtcdSnap.Cli.Commands.Backup;
using EtcdSnap.Cli.Commands.Shared;
using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Cli.Printing;
using EtcdSnap.Core.Backups;
using EtcdSnap.Core.Inspection;

namespace EtcdSnap.Cli.Commands.Inspect;

/// <summary>`etcdsnap ls SNAPSHOT`: the Kubernetes objects alive in a snapshot, offline.</summary>
internal static class ListCommand
{
    /// <summary>Everything `ls` was asked.</summary>
    /// <param name="Snapshot">The snapshot file.</param>
    /// <param name="Namespace">Only this namespace; null for all.</param>
    /// <param name="Resource">Only this resource (any kubectl form); null for all.</param>
    /// <param name="EtcdPrefix">kube-apiserver's --etcd-prefix, normalised.</param>
    /// <param name="AllKeys">Also list keys that are not objects.</param>
    /// <param name="Verify">Check the SHA-256 trailer first.</param>
    /// <param name="Output">table, json or yaml.</param>
    internal sealed record Options(SnapshotSource Snapshot, string? Namespace, string? Resource, string EtcdPrefix, bool AllKeys, bool Verify,
        OutputFormat Output);

    public static Command Create(CliConsole console)
    {
        var snapshot = InspectOptions.Snapshot();
        var ns = InspectOptions.Namespace();
        var all = InspectOptions.AllNamespaces();
        var resource = InspectOptions.Resource();
        var prefix = InspectOptions.EtcdPrefix();
        var allKeys = InspectOptions.AllKeys();
        var verify = InspectOptions.Verify();
        var output = OutputOption.Create();
        // One line: System.CommandLine repeats the description in the root command's list (examples: docs/inspection.md).
        var command = new Command("ls", "List the Kubernetes objects in a snapshot, offline (like kubectl get, from a backup)")
        {
            snapshot, ns, all, resource, prefix, allKeys, verify, output,
        };
        var input = new SnapshotInput().AddTo(command);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            await using var source = await input.OpenAsync(r, r.GetValue(snapshot)!, ct);
            return await RunAsync(console, new Options(
                source,
                InspectOptions.CheckNamespace(r.GetValue(ns), r.GetValue(all)),
                r.GetValue(resource),
                InspectOptions.CheckPrefix(r.GetValue(prefix)!),
                r.GetValue(allKeys),
                r.GetValue(verify),
                r.GetValue(output)), ct);
        });
        return command;
    }

    public static Task<int> RunAsync(CliConsole console, Options options, CancellationToken cancellationToken)
    {
        var listing = InspectOptions.Run(() => SnapshotInspector.List(options.Snapshot.Path, new ObjectFilter(options.Namespace, options.Resource),
            InspectOptions.Inspection(options.EtcdPrefix, options.Verify), cancellationToken));
        InspectWarnings.UnencryptedSecrets(console, options.Snapshot.Name, listing.Secrets);
        InspectWarnings.Undecodable(console, listing.Objects);
        InspectWarnings.NothingUnderPrefix(console, listing, options.EtcdPrefix);
        OutputPrinter.Print(console, options.Output, ListPrinter.ToJson(listing, options.AllKeys), InspectJsonContext.Output.ListJson,
            (w, _) => ListPrinter.WriteTable(w, listing, options.AllKeys));
        return Task.FromResult((int)ExitCode.Success);
    }
}
