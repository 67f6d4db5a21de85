using System.CommandLine;
using EtcdSnap.Cli.Commands.Shared;
using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Cli.Printing;
using EtcdSnap.Core.Inspection;

namespace EtcdSnap.Cli.Commands.Inspect;

/// <summary>
/// `etcdsnap get SNAPSHOT RESOURCE [-n NS] NAME`: one object from a snapshot, offline. The top-level `get` verb is shared
/// with the live-etcd `get KEY`: it adds <see cref="AddOptionsTo"/>'s options and calls <see cref="RunAsync"/> when it
/// is given three positional arguments. Until then the hidden verb `object-get` (<see cref="CreateHiddenVerb"/>) runs it.
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
    internal sealed record Options(string Snapshot, string Resource, string Name, string? Namespace, string EtcdPrefix, bool Verify,
        OutputFormat Output);

    /// <summary>-n, --namespace (default "default" for namespaced resources).</summary>
    public Option<string?> Namespace { get; } = InspectOptions.Namespace();

    /// <summary>--etcd-prefix.</summary>
    public Option<string> EtcdPrefix { get; } = InspectOptions.EtcdPrefix();

    /// <summary>--verify.</summary>
    public Option<bool> Verify { get; } = InspectOptions.Verify();

    /// <summary>-o, --output: yaml (default) or json.</summary>
    public Option<OutputFormat> Output { get; } = OutputOption.Create(OutputFormat.Yaml);

    /// <summary>Adds this mode's options to <paramref name="command"/> (the shared `get`, or the hidden verb).</summary>
    public void AddOptionsTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in new Option[] { Namespace, EtcdPrefix, Verify, Output })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Reads the options for the three positional arguments; checks them (usage errors, exit 2).</summary>
    public Options Read(ParseResult result, string snapshot, string resource, string name)
    {
        ArgumentNullException.ThrowIfNull(result);
        var output = result.GetValue(Output);
        if (output == OutputFormat.Table)
        {
            throw new UsageException("get prints an object as yaml or json (-o yaml, -o json)");
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            throw new UsageException("get: empty object name");
        }

        var ns = result.GetValue(Namespace);
        return new Options(InspectOptions.CheckSnapshot(snapshot), resource, name, InspectOptions.CheckNamespace(ns, false),
            InspectOptions.CheckPrefix(result.GetValue(EtcdPrefix)!), result.GetValue(Verify), output);
    }

    /// <summary>Prints the object; warns on stderr when the snapshot holds unencrypted Secrets.</summary>
    public static Task<int> RunAsync(CliConsole console, Options options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(options);
        var detail = InspectOptions.Run(() => SnapshotInspector.Get(options.Snapshot,
            new ObjectQuery(options.Resource, options.Name, options.Namespace),
            InspectOptions.Inspection(options.EtcdPrefix, options.Verify), cancellationToken));
        InspectWarnings.UnencryptedSecrets(console, options.Snapshot, detail.Secrets);
        OutputPrinter.Print(console, options.Output, detail.Document, InspectJsonContext.Output.JsonObject, (_, _) => { });
        return Task.FromResult((int)ExitCode.Success);
    }

    /// <summary>`object-get SNAPSHOT RESOURCE NAME`: hidden, for tests until the shared `get` dispatches here.</summary>
    public static Command CreateHiddenVerb(CliConsole console)
    {
        var definition = new ObjectGetCommand();
        var snapshot = InspectOptions.Snapshot();
        var resource = new Argument<string>("RESOURCE") { Description = "Resource: pods, po, deployments.apps, deploy, widgets.example.com" };
        var name = new Argument<string>("NAME") { Description = "Object name" };
        var command = new Command("object-get", "Print one Kubernetes object from a snapshot, offline (the object mode of 'get')")
        {
            Hidden = true,
        };
        command.Arguments.Add(snapshot);
        command.Arguments.Add(resource);
        command.Arguments.Add(name);
        definition.AddOptionsTo(command);
        command.SetAction((ParseResult r, CancellationToken ct) =>
            RunAsync(console, definition.Read(r, r.GetValue(snapshot)!, r.GetValue(resource)!, r.GetValue(name)!), ct));
        return command;
    }
}
