using System.CommandLine;
using EtcdSnap.Cli.Infrastructure;

namespace EtcdSnap.Cli.Commands.Backup;

/// <summary>`etcdsnap backups ls|show|rm|prune`: what a repository holds, and its upkeep.</summary>
internal static class BackupsCommand
{
    public static Command Create(CliConsole console) => new("backups", "List, show, remove and prune the backups in a repository")
    {
        BackupsListCommand.Create(console),
        BackupsShowCommand.Create(console),
        BackupsRemoveCommand.Create(console),
        BackupsPruneCommand.Create(console),
    };
}
