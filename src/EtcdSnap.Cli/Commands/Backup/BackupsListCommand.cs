using System.CommandLine;
using EtcdSnap.Cli.Commands.Shared;
using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Cli.Printing;
using EtcdSnap.Core.Backups;

namespace EtcdSnap.Cli.Commands.Backup;

/// <summary>`etcdsnap backups ls`: complete backups newest first; incomplete and broken ones as warnings.</summary>
internal static class BackupsListCommand
{
    public static Command Create(CliConsole console)
    {
        var repo = RepositoryOption.Create();
        var output = OutputOption.Create();
        var command = new Command("ls", """
            List the backups in a repository, newest first. A folder without a manifest (an interrupted backup,
            or one being written now) and a backup whose snapshot object is missing or the wrong size are not
            usable; they are reported on stderr (and in -o json), never used by restore, latest or prune.

            Examples:
              etcdsnap backups ls
              etcdsnap backups ls --repo s3://backups/etcd -o json
            """)
        {
            repo,
            output,
        };
        command.Aliases.Add("list");
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var repository = BackupRepositories.Open(result.GetValue(repo)!);
            var view = BackupListView.From(repository.Location, await repository.ListAsync(cancellationToken));
            var format = result.GetValue(output);
            OutputPrinter.Print(console, format, view, BackupJsonContext.Default.BackupListView, PrintTable);
            if (format == OutputFormat.Table)
            {
                ReportUnusable(console, view, repository.IsMissingLocalDirectory);
            }

            return 0;
        });
        return command;
    }

    private static void PrintTable(TextWriter writer, BackupListView view)
    {
        var now = DateTimeOffset.UtcNow;
        var table = new TableWriter("ID", "CREATED", "AGE", "REVISION", "SIZE", "STORED", "ENCRYPTED", "LABELS");
        foreach (var b in view.Backups)
        {
            table.Row(b.Id, BackupsFormat.Time(b.CreatedAt), BackupsFormat.Age(b.CreatedAt, now), b.Revision,
                Humanize.Bytes(b.DbSize), Humanize.Bytes(b.StoredSize), b.IsEncrypted ? b.EncryptionKeyId : "no",
                BackupsFormat.Labels(b.Labels));
        }

        if (table.Count > 0)
        {
            table.WriteTo(writer);
        }
    }

    private static void ReportUnusable(CliConsole console, BackupListView view, bool missingDirectory)
    {
        if (view.Backups.Count == 0)
        {
            console.Error.WriteLine(missingDirectory
                ? $"No backups: {view.Repository} does not exist (check --repo; `etcdsnap backup` creates it)"
                : $"No complete backups in {view.Repository}");
        }

        foreach (var i in view.Incomplete)
        {
            console.Warn($"incomplete backup {i.Id} (no manifest; {Plural.Of(i.Objects, "object")}, {Humanize.Bytes(i.Size)}, " +
                $"last written {BackupsFormat.Time(i.LastModified)}): interrupted, or still being written");
        }

        foreach (var p in view.Problems)
        {
            console.Warn($"backup {p.Id} is unusable: {p.Reason}");
        }
    }
}
