using System.CommandLine;
using EtcdSnap.Cli.Commands.Shared;
using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Cli.Printing;
using EtcdSnap.Core.Backups;

namespace EtcdSnap.Cli.Commands.Backup;

/// <summary>`etcdsnap backups prune --keep-* [--dry-run]`: restic `forget` semantics over complete backups.</summary>
internal static class BackupsPruneCommand
{
    public static Command Create(CliConsole console)
    {
        var dryRun = new Option<bool>("--dry-run") { Description = "Only show what would be removed" };
        var repo = RepositoryOption.Create();
        var output = OutputOption.Create();
        var command = new Command("prune", """
            Remove the complete backups no --keep-* rule keeps (restic's `forget` rules; calendar periods in UTC).
            A backup is kept when any rule keeps it; the newest complete backup is always kept; incomplete
            backups are neither counted nor removed; no --keep-* flag at all removes nothing. --dry-run prints
            exactly what a real run with the same repository contents would remove.

            Examples:
              etcdsnap backups prune --keep-last 3 --keep-daily 7 --keep-weekly 4 --dry-run
              etcdsnap backups prune --keep-daily 14 --repo s3://backups/etcd
            """)
        {
            dryRun,
            repo,
            output,
        };
        var retention = new RetentionOptions().AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var policy = retention.Read(result);
            await using var repository = BackupRepositories.Open(result.GetValue(repo)!);
            var pruned = await repository.PruneAsync(policy, result.GetValue(dryRun), cancellationToken);
            var view = PruneOutput.From(policy, pruned);
            OutputPrinter.Print(console, result.GetValue(output), view, BackupCliJsonContext.Default.PruneOutput, PrintTable);
            if (policy.IsEmpty)
            {
                console.Warn("no --keep-* flag given: every backup is kept");
            }

            if (view.IgnoredIncomplete.Count > 0)
            {
                console.Warn($"{Plural.Of(view.IgnoredIncomplete.Count, "incomplete backup")} left alone: {string.Join(", ", view.IgnoredIncomplete)}");
            }

            return 0;
        });
        return command;
    }

    private static void PrintTable(TextWriter writer, PruneOutput p)
    {
        var table = new TableWriter("ACTION", "ID", "CREATED", "REASONS");
        foreach (var d in p.Keep.Concat(p.Remove).OrderByDescending(d => d.Time).ThenByDescending(d => d.Id, StringComparer.Ordinal))
        {
            var removed = d.Reasons.Count == 0;
            table.Row(removed ? (p.DryRun ? "would remove" : "removed") : "keep", d.Id, BackupsFormat.Time(d.Time), string.Join(", ", d.Reasons));
        }

        if (table.Count > 0)
        {
            table.WriteTo(writer);
        }

        writer.WriteLine($"{p.Policy}: {(p.DryRun ? "would remove" : "removed")} {Plural.Of(p.Remove.Count, "backup")}, " +
            $"kept {p.Keep.Count}{(p.DryRun ? " (dry run: nothing was deleted)" : "")}");
    }
}
