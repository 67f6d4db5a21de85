using System.CommandLine;
using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Cli.Printing;
using EtcdSnap.Core.Backups;
using EtcdSnap.Core.Inspection;

namespace EtcdSnap.Cli.Commands.Inspect;

/// <summary>
/// `etcdsnap get SNAPSHOT RESOURCE [-n NS] NAME`: one object from a snapshot, offline. The top-level `get` verb is shared
/// with the live-etcd `get KEY` (Commands/Kv/GetCommand): it adds <see cref="AddOptionsTo"/>'s options and calls
/// <see cref="RunAsync"/> when it is given three positional arguments.
/// </summary>
internal sealed class ObjectGetCommand
{
    /// <summary>Everything object mode of `get` was asked.</summary>
    /// <param name="Snapshot">The snapshot file.</param>
    /// <param name="Resource">The resource, as kubectl accepts it (deploy, deployments.apps, widgets.example.com).</param>
    /// <param name="Name">The object name.</param>
    /// <param name="Namespace">The namespace; null means "default" for namespaced resources.</param>
    /// <param name="EtcdPrefix">kube-apiserver's --etcd-prefix, normalised.</param>
    /// <param name="Verify">Check the SHA-256 trailer first.</param>
    /// <param name="Output">yaml (default) or json.</param>
    internal sealed record Options(SnapshotSource Snapshot, string Resource, string Name, string? Namespace, string EtcdPrefix, bool Verify,
        OutputFormat Output);

    /// <summary>-n, --namespace (default "default" for namespaced resources).</summary>
    public Option<string?> Namespace { get; } = InspectOptions.Namespace();

    /// <summary>--etcd-prefix.</summary>
    public Option<string> EtcdPrefix { get; } = InspectOptions.EtcdPrefix();

    /// <summary>--verify.</summary>
    public Option<bool> Verify { get; } = InspectOptions.Verify();

    /// <summary>Adds this mode's options to <paramref name="command"/> (the shared `get`, or the hidden verb).</summary>
    public void AddOptionsTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in new Option[] { Namespace, EtcdPrefix, Verify })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Reads the options for the three positional arguments; checks them (usage errors, exit 2).</summary>
    /// <param name="result">The parse result.</param>
    /// <param name="snapshot">The snapshot argument.</param>
    /// <param name="resource">The resource argument.</param>
    /// <param name="name">The name argument.</param>
    /// <param name="output">The shared `-o` when given explicitly; an object prints as yaml unless json is asked for.</param>
    public Options Read(ParseResult result, SnapshotSource snapshot, string resource, string name, OutputFormat? output)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (output == OutputFormat.Table)
        {
            throw new UsageException("get prints an object as yaml or json (-o yaml, -o json)");
        }


        if (string.IsNullOrWhiteSpace(name))
        {
            throw new UsageException("get: empty object name");
        }

        var ns = result.GetValue(Namespace);
        return new Options(snapshot, resource, name, InspectOptions.CheckNamespace(ns, false),
            InspectOptions.CheckPrefix(result.GetValue(EtcdPrefix)!), result.GetValue(Verify), output ?? OutputFormat.Yaml);
    }

    /// <summary>Prints the object; warns on stderr when the snapshot holds unencrypted Secrets.</summary>
    public static Task<int> RunAsync(CliConsole console, Options options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(options);
        var detail = InspectOptions.Run(() => SnapshotInspector.Get(options.Snapshot.Path,
            new ObjectQuery(options.Resource, options.Name, options.Namespace),
            InspectOptions.Inspection(options.EtcdPrefix, options.Verify), cancellationToken));
        InspectWarnings.UnencryptedSecrets(console, options.Snapshot.Name, detail.Secrets);
        OutputPrinter.Print(console, options.Output, detail.Document, InspectJsonContext.Output.JsonObject, (_, _) => { });
        return Task.FromResult((int)ExitCode.Success);
    }
}
