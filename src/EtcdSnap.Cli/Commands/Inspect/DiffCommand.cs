using System.CommandLine;
using EtcdSnap.Cli.Commands.Backup;
using EtcdSnap.Cli.Commands.Shared;
using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Cli.Printing;
using EtcdSnap.Core.Backups;
using EtcdSnap.Core.Inspection;

namespace EtcdSnap.Cli.Commands.Inspect;

/// <summary>`etcdsnap diff OLD NEW`: objects added, removed and changed between two snapshots, offline.</summary>
internal static class DiffCommand
{
    /// <summary>Everything `diff` was asked.</summary>
    /// <param name="Old">The older snapshot.</param>
    /// <param name="New">The newer snapshot.</param>
    /// <param name="Namespace">Only this namespace; null for all.</param>
    /// <param name="Resource">Only this resource (any kubectl form); null for all.</param>
    /// <param name="EtcdPrefix">kube-apiserver's --etcd-prefix, normalised.</param>
    /// <param name="AllKeys">Also compare keys that are not objects.</param>
    /// <param name="Verify">Check both SHA-256 trailers first.</param>
    /// <param name="Output">table, json or yaml.</param>
    internal sealed record Options(SnapshotSource Old, SnapshotSource New, string? Namespace, string? Resource, string EtcdPrefix, bool AllKeys,
        bool Verify, OutputFormat Output);

    public static Command Create(CliConsole console)
    {
        var oldSnapshot = InspectOptions.Snapshot("OLD", "The older snapshot");
        var newSnapshot = InspectOptions.Snapshot("NEW", "The newer snapshot");
        var ns = InspectOptions.Namespace();
        var all = InspectOptions.AllNamespaces();
        var resource = InspectOptions.Resource();
        var prefix = InspectOptions.EtcdPrefix();
        var allKeys = InspectOptions.AllKeys();
        var verify = InspectOptions.Verify();
        var output = OutputOption.Create();
        var command = new Command("diff", "Show the Kubernetes objects added, removed and changed between two snapshots, offline")
        {
            oldSnapshot, newSnapshot, ns, all, resource, prefix, allKeys, verify, output,
        };
        var input = new SnapshotInput().AddTo(command);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            await using var oldSource = await input.OpenAsync(r, r.GetValue(oldSnapshot)!, ct);
            await using var newSource = await input.OpenAsync(r, r.GetValue(newSnapshot)!, ct);
            return await RunAsync(console, new Options(
                oldSource,
                newSource,
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
        var diff = InspectOptions.Run(() => SnapshotInspector.Compare(options.Old.Path, options.New.Path,
            new ObjectFilter(options.Namespace, options.Resource), InspectOptions.Inspection(options.EtcdPrefix, options.Verify),
            options.AllKeys, cancellationToken));
        InspectWarnings.UnencryptedSecrets(console, options.Old.Name, diff.Old.Secrets);
        InspectWarnings.UnencryptedSecrets(console, options.New.Name, diff.New.Secrets);
        OutputPrinter.Print(console, options.Output, DiffPrinter.ToJson(diff), InspectJsonContext.Output.DiffJson,
            (w, _) => DiffPrinter.WriteTable(w, diff));
        return Task.FromResult((int)ExitCode.Success);
    }
}
