using System.CommandLine;
using EtcdSnap.Cli.Commands.Backup;
using EtcdSnap.Cli.Commands.Shared;
using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Cli.Printing;
using EtcdSnap.Core.Snapshots;
using EtcdSnap.Formats;

namespace EtcdSnap.Cli.Commands.Snapshot;

/// <summary>`etcdsnap verify FILE`: exit 0 only when `restore` would accept the file.</summary>
internal static class VerifyCommand
{
    public static Command Create(CliConsole console, string name = "verify")
    {
        var file = new Argument<string>("FILE") { Description = "Snapshot file to check, or REPO_URL#ID|latest" };
        var skipHash = new Option<bool>("--skip-hash-check")
        {
            Description = "Do not require the sha256 trailer (for a raw member/snap/db copy); judge the structure alone",
        };
        var output = OutputOption.Create();
        var command = new Command(name, """
            Check that a snapshot can be restored (exit 0), or list why not (exit 3).

            Checks the sha256 trailer against the bytes, bbolt's structural checks, and the status numbers.
            Every problem is listed; the exit code is 0 only when the file is restorable, 3 when it is not.

            Examples:
              etcdsnap verify /var/backups/etcd/snapshot-20261127T142300Z.db
              etcdsnap verify copied-db --skip-hash-check -o json
            """)
        {
            file,
            skipHash,
            output,
        };
        var input = new SnapshotInput().AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var source = await input.OpenAsync(result, result.GetValue(file)!, cancellationToken);
            var path = source.Path;
            var report = await ProgressDisplay.RunAsync(console, "verifying", sink =>
            {
                sink.SetTotal(new FileInfo(path).Length);
                return SnapshotVerifier.VerifyAsync(path, result.GetValue(skipHash), new ByteProgress(sink), cancellationToken);
            });
            // A file is shown by its full path; a backup by its reference, since its local copy is temporary.
            var shown = source.Backup is null ? report.File : source.Name;
            var view = new VerifyOutput(
                shown,
                report.Size,
                report.Trailer.ToString().ToLowerInvariant(),
                report.ActualSha256,
                report.Status is null ? null : StatusCommand.ToOutput(report.Status),
                report.Findings.Count,
                report.Problems,
                report.Restorable);
            OutputPrinter.Print(console, result.GetValue(output), view, SnapshotJsonContext.Default.VerifyOutput, PrintTable);
            if (!report.Restorable)
            {
                throw new CorruptDataException(shown, null, $"not restorable: {Plural.Of(report.Problems.Count, "problem")} found")
                {
                    Hint = report.Trailer == TrailerState.Missing && report.Findings.Count == 0 && report.OpenError is null
                        ? "a raw db copy has no trailer; `restore --skip-hash-check` accepts it, and `verify --skip-hash-check` checks the rest"
                        : null,
                };
            }

            return 0;
        });
        return command;
    }

    private static void PrintTable(TextWriter writer, VerifyOutput v)
    {
        var details = new DetailsWriter()
            .Add("File", v.File)
            .Add("Size", $"{Humanize.Bytes(v.Size)} ({v.Size} bytes)")
            .Add("Trailer", v.Trailer == "ok" ? $"ok (sha256 {v.Sha256})" : v.Trailer);
        if (v.Status is { } s)
        {
            details.Add("Revision", s.Revision).Add("Total keys", s.TotalKey).Add("Hash", s.Hash.ToString("x", System.Globalization.CultureInfo.InvariantCulture));
        }

        details.Add("Structure", v.Status is null ? "unreadable" : v.StructureProblems == 0 ? "ok" : Plural.Of(v.StructureProblems, "problem"));
        details.Add("Restorable", v.Restorable ? "yes" : "NO");
        details.WriteTo(writer);
        foreach (var problem in v.Problems)
        {
            writer.WriteLine("  - " + problem);
        }
    }

    private sealed class ByteProgress(ProgressSink sink) : IProgress<long>
    {
        public void Report(long value) => sink.Report(value);
    }
}
