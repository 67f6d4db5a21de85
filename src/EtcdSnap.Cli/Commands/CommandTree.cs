using System.CommandLine;
using System.CommandLine.Help;
using EtcdSnap.Cli.Commands.Agent;
using EtcdSnap.Cli.Commands.Backup;
using EtcdSnap.Cli.Commands.Cluster;
using EtcdSnap.Cli.Commands.Inspect;
using EtcdSnap.Cli.Commands.Key;
using EtcdSnap.Cli.Commands.Kv;
using EtcdSnap.Cli.Commands.Snapshot;
using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Cli.Printing;

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
        // Backup and restore, in the order of the seed's story.
        root.Subcommands.Add(SaveCommand.Create(console));
        root.Subcommands.Add(VerifyCommand.Create(console));
        root.Subcommands.Add(StatusCommand.Create(console));
        root.Subcommands.Add(Restore.RestoreCommand.Create(console));
        root.Subcommands.Add(Node.RollbackCommand.Create(console));
        root.Subcommands.Add(Node.RestorePlanCommand.Create(console));

        // What a backup holds, offline.
        root.Subcommands.Add(ListCommand.Create(console));
        root.Subcommands.Add(GetCommand.Create(console));
        root.Subcommands.Add(DiffCommand.Create(console));

        // Live etcd, for the checks around a backup or restore.
        root.Subcommands.Add(EndpointCommand.Create(console));
        root.Subcommands.Add(MemberCommand.Create(console));
        root.Subcommands.Add(KvCommands.CreatePut(console));
        root.Subcommands.Add(KvCommands.CreateDelete(console));

        // Backups that run themselves.
        root.Subcommands.Add(BackupCommand.Create(console));
        root.Subcommands.Add(BackupsCommand.Create(console));
        root.Subcommands.Add(KeyCommand.Create(console));
        root.Subcommands.Add(AgentCommand.Create(console));

        // etcdctl habits, the demo, and the rest.
        root.Subcommands.Add(SnapshotCommand.Create(console));
        root.Subcommands.Add(Demo.DemoCommand.Create(console));
        root.Subcommands.Add(Node.KubeletCommand.Create(console));
        root.Subcommands.Add(VersionCommand.Create(console));
        ShortenCommandRows(root, console);
        return root;
    }

    // A command's description is its whole manual (what it does, then examples). Lists of commands show only the first
    // paragraph; the rest is printed after the options when that command's own help is asked for.
    private static void ShortenCommandRows(RootCommand root, CliConsole console)
    {
        var details = new Dictionary<Command, string>();
        var pending = new Stack<Command>([root]);
        while (pending.Count > 0)
        {
            foreach (var sub in pending.Pop().Subcommands)
            {
                var parts = (sub.Description ?? "").Split("\n\n", 2);
                sub.Description = parts[0];
                if (parts.Length == 2)
                {
                    details[sub] = parts[1];
                }

                pending.Push(sub);
            }
        }

        var help = root.Options.OfType<HelpOption>().Single();
        var inner = (HelpAction)help.Action!;
        // A fixed width when nobody is watching, so help in files and docs does not depend on the terminal it came from.
        inner.MaxWidth = console.Interactive ? Math.Max(80, Console.WindowWidth) : 120;
        help.Action = new DetailedHelpAction(inner, details);
    }
}
