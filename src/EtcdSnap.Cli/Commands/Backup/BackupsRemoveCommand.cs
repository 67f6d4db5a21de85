using System.CommandLine;
using EtcdSnap.Cli.Commands.Shared;
using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Cli.Printing;
using EtcdSnap.Core;
using EtcdSnap.Core.Backups;
using EtcdSnap.Storage;
using EtcdSnap.Storage.Backups;

namespace EtcdSnap.Cli.Commands.Backup;

/// <summary>`etcdsnap backups rm ID --yes`: never prompts; without --yes it only shows what would go (velero's --confirm).</summary>
internal static class BackupsRemoveCommand
{
    public static Command Create(CliConsole console)
    {
        var id = new Argument<string>("ID") { Description = "Backup id (complete or incomplete); \"latest\" is not accepted here" };
        var yes = new Option<bool>("--yes", "-y") { Description = "Really delete; without it, only show what would be deleted" };
        var repo = RepositoryOption.Create();
        var output = OutputOption.Create();
        var command = new Command("rm", """
            Delete one backup (its manifest first, then its snapshot). Without --yes nothing is deleted: the
            command shows what would go and exits with code 5.

            Examples:
              etcdsnap backups rm 20261127T142300Z-1a2b3c          # shows what would be deleted
              etcdsnap backups rm 20261127T142300Z-1a2b3c --yes
            """)
        {
            id,
            yes,
            repo,
            output,
        };
        command.Aliases.Add("delete");
        command.SetAction(async (result, cancellationToken) =>
        {
            var backupId = result.GetValue(id)!;
            if (!BackupId.IsValid(backupId))
            {
                throw new UsageException($"\"{backupId}\" is not a backup id")
                {
                    Hint = "copy the id from `etcdsnap backups ls`; \"latest\" is refused here on purpose",
                };
            }

            await using var repository = BackupRepositories.Open(result.GetValue(repo)!);
            var objects = new List<StoredObject>();
            await foreach (var o in repository.Store.ListAsync(backupId + "/", cancellationToken))
            {
                objects.Add(o);
            }

            if (objects.Count == 0)
            {
                throw new BackupNotFoundException(repository.Location, backupId, repository.IsMissingLocalDirectory);
            }

            var complete = objects.Any(o => o.Key == BackupLayout.ManifestKey(backupId));
            var confirmed = result.GetValue(yes);
            if (confirmed)
            {
                await repository.DeleteAsync(backupId, cancellationToken);
            }

            var view = new RemoveOutput(repository.Location, backupId, confirmed, complete, objects.Count, objects.Sum(o => o.Size));
            OutputPrinter.Print(console, result.GetValue(output), view, BackupCliJsonContext.Default.RemoveOutput, (w, v) =>
            {
                w.WriteLine($"{(v.Removed ? "removed" : "would remove")} {(v.Complete ? "backup" : "incomplete backup")} {v.Id} " +
                    $"({Plural.Of(v.Objects, "object")}, {Humanize.Bytes(v.Size)})");
                foreach (var o in objects)
                {
                    w.WriteLine($"  {o.Key}  {Humanize.Bytes(o.Size)}");
                }
            });
            if (!confirmed)
            {
                throw new OperationRefusedException($"backups rm: nothing deleted without --yes")
                {
                    Hint = $"rerun with --yes to delete backup {backupId}",
                };
            }

            return 0;
        });
        return command;
    }
}
