using System.CommandLine;
using System.Globalization;
using EtcdSnap.Cli.Commands.Shared;
using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Cli.Printing;
using EtcdSnap.Core.Backups;
using EtcdSnap.Etcd;

namespace EtcdSnap.Cli.Commands.Backup;

/// <summary>`etcdsnap backup`: save → verify → compress/encrypt → upload → manifest → retention.</summary>
internal static class BackupCommand
{
    public static Command Create(CliConsole console)
    {
        var output = OutputOption.Create();
        var command = new Command("backup", """
            Back up etcd into a repository (local, S3 or Azure), optionally compressed and encrypted.

            Back up etcd into a repository: save a snapshot (verified against etcd's sha256), check its structure
            and status numbers, and stream it, compressed and encrypted when asked, into the repository. The
            manifest (backup.json) is written last, so a backup is either complete or ignored. With --keep-*
            flags, older backups are pruned afterwards (see `etcdsnap backups prune`).

            The snapshot goes through a private temporary file (inside a local repository, else TMPDIR), which
            is always deleted; it is never held whole in memory.

            Examples:
              # On a kubeadm control-plane node, into /var/backups/etcd
              etcdsnap backup --compress

              # To S3, encrypted, keeping 7 daily and 4 weekly backups
              etcdsnap backup --repo s3://backups/etcd --compress --encryption-key-file /etc/etcdsnap/key \
                --keep-daily 7 --keep-weekly 4 --label cluster=prod
            """)
        {
            output,
        };
        var options = new BackupRequestOptions().AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var request = options.Read(result);
            var outcome = await ProgressDisplay.RunAsync(console, "backing up", sink =>
                BackupService.RunAsync(request, new SaveProgress(sink), cancellationToken));
            var view = new BackupCreatedOutput(outcome.Reference, outcome.Repository, Math.Round(outcome.Duration.TotalSeconds, 3),
                Math.Round(outcome.Manifest.CompressionRatio, 3), outcome.Manifest,
                outcome.Prune is null ? null : PruneOutput.From(request.Retention!, outcome.Prune),
                outcome.Timings is not { } t ? null : new TimingsOutput(Math.Round(t.Save.TotalSeconds, 3), Math.Round(t.Verify.TotalSeconds, 3),
                    Math.Round(t.Store.TotalSeconds, 3), Math.Round((double)t.StreamedBytes / Math.Max(1, outcome.Manifest.DbSize), 3)));
            OutputPrinter.Print(console, result.GetValue(output), view, BackupCliJsonContext.Default.BackupCreatedOutput, PrintTable);
            if (outcome.PruneError is { } pruneError)
            {
                // The backup is complete; say so before reporting what failed after it.
                console.Error.WriteLine($"error: backup {outcome.Manifest.Id} is stored, but pruning failed");
                throw pruneError;
            }

            return 0;
        });
        return command;
    }

    private static void PrintTable(TextWriter writer, BackupCreatedOutput b)
    {
        var m = b.Manifest;
        var stored = m.Compression == "none"
            ? $"{Humanize.Bytes(m.StoredSize)} ({m.SnapshotObject})"
            : string.Create(CultureInfo.InvariantCulture,
                $"{Humanize.Bytes(m.StoredSize)} ({m.SnapshotObject}, zstd level {m.CompressionLevel}, ratio {b.CompressionRatio:0.00})");
        new DetailsWriter()
            .Add("Backup", b.Reference)
            .Add("Created", BackupsFormat.Time(m.CreatedAt))
            .Add("Revision", m.Revision)
            .Add("Keys", m.KeyCount)
            .Add("Snapshot", $"{Humanize.Bytes(m.DbSize)} ({m.DbSize} bytes), sha256 {m.Sha256}")
            .Add("Stored", stored)
            .Add("Encryption", m.IsEncrypted ? $"{m.Encryption} (key {m.EncryptionKeyId})" : "none")
            .Add("Member", $"{m.Member ?? "?"} ({m.MemberId}) at {m.Endpoint}, etcd {m.EtcdVersion}")
            .Add("Labels", m.Labels.Count == 0 ? null : BackupsFormat.Labels(m.Labels))
            .Add("Duration", Humanize.Seconds(b.DurationSeconds))
            .Add("Timing", b.Timings is not { } t ? null : string.Create(CultureInfo.InvariantCulture,
                $"saved at {t.SaveSeconds:0.00}s, verified in {t.VerifySeconds:0.00}s, stored at {t.StoredSeconds:0.00}s ({t.StreamedFraction:P0} uploaded while saving)"))
            .Add("Pruned", b.Prune is null ? null : $"{Plural.Of(b.Prune.Remove.Count, "backup")} removed, {b.Prune.Keep.Count} kept ({b.Prune.Policy})")
            .WriteTo(writer);
    }

    private sealed class SaveProgress(ProgressSink sink) : IProgress<SnapshotProgress>
    {
        public void Report(SnapshotProgress value)
        {
            if (value.TotalBytes is { } total)
            {
                sink.SetTotal(total);
            }

            sink.Report(value.BytesReceived);
        }
    }
}
