using System.CommandLine;
using EtcdSnap.Cli.Infrastructure;

namespace EtcdSnap.Cli.Commands.Snapshot;

/// <summary>`etcdsnap snapshot save|status|verify|restore`: the top-level verbs under etcdctl's noun, for muscle memory.</summary>
internal static class SnapshotCommand
{
    public static Command Create(CliConsole console)
    {
        var command = new Command("snapshot", "etcdctl-style aliases: snapshot save|status|verify|restore")
        {
            SaveCommand.Create(console),
            StatusCommand.Create(console),
            VerifyCommand.Create(console),
            Restore.RestoreCommand.Create(console),
        };
        return command;
    }
}
