using System.CommandLine;
using EtcdSnap.Cli.Infrastructure;

namespace EtcdSnap.Cli.Commands;

/// <summary>The whole command tree, in the order `--help` lists it.</summary>
internal static class CommandTree
{
    /// <summary>Builds the root command with every verb wired to <paramref name="console"/>.</summary>
    public static RootCommand Build(CliConsole console)
    {
        var root = new RootCommand(
            "EtcdSnap backs up and restores Kubernetes clusters through etcd: verified snapshots, native restore,\n" +
            "safe static pod manifest switching, and inspection of what a backup holds.")
        {
            GlobalOptions.Verbose,
        };
        root.Subcommands.Add(VersionCommand.Create(console));
        root.Subcommands.Add(Restore.RestoreCommand.Create(console));
        return root;
    }
}
