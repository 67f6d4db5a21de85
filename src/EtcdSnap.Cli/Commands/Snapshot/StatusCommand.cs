using System.CommandLine;
using System.Globalization;
using EtcdSnap.Cli.Commands.Backup;
using EtcdSnap.Cli.Commands.Shared;
using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Cli.Printing;
using EtcdSnap.Formats;
using EtcdSnap.Formats.Snapshot;

namespace EtcdSnap.Cli.Commands.Snapshot;

/// <summary>`etcdsnap status FILE`: etcdctl's `snapshot status` numbers, offline and read-only, with bbolt's checks.</summary>
internal static class StatusCommand
{
    public static Command Create(CliConsole console, string name = "status")
    {
        var file = new Argument<string>("FILE") { Description = "Snapshot file (with sha256 trailer), a raw member/snap/db copy, or REPO_URL#ID|latest" };
        var semantics = new Option<string>("--etcd-version")
        {
            Description = "Whose numbers to print: 3.4 and 3.5 count every bucket entry as a key, 3.6 counts live keys",
            DefaultValueFactory = _ => "3.4",
        };
        semantics.AcceptOnlyFromAmong("3.4", "3.5", "3.6");
        var output = OutputOption.Create();
        var command = new Command(name, """
            Print a snapshot's hash, revision, key count and size, as `etcdctl snapshot status` does.

            The file is opened read-only and never changed. bbolt's structural checks run first; every
            problem found is printed to stderr and the exit code is 3.

            Examples:
              etcdsnap status snapshot.db
              etcdsnap status /var/lib/etcd/member/snap/db -o json
            """)
        {
            file,
            semantics,
            output,
        };
        var input = new SnapshotInput().AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var source = await input.OpenAsync(result, result.GetValue(file)!, cancellationToken);
            var path = source.Path;
            var mode = result.GetValue(semantics) == "3.6" ? StatusSemantics.Etcd36 : StatusSemantics.Etcd34;
            var status = SnapshotStatusCalculator.Compute(path, mode, cancellationToken);
            if (!status.IsConsistent)
            {
                foreach (var finding in status.Findings)
                {
                    console.Error.WriteLine(FormatFinding(finding));
                }

                throw new CorruptDataException(Path.GetFullPath(path), null,
                    $"snapshot file integrity check failed: {Plural.Of(status.Findings.Count, "problem")} found");
            }

            var view = ToOutput(status);
            OutputPrinter.Print(console, result.GetValue(output), view, SnapshotJsonContext.Default.StatusOutput, PrintTable);
            return 0;
        });
        return command;
    }

    /// <summary>The JSON shape of a status, shared with `verify`.</summary>
    public static StatusOutput ToOutput(SnapshotStatus status) =>
        new(status.Hash, status.Revision, status.TotalKey, status.TotalSize, status.Version);

    internal static string FormatFinding(Formats.Bbolt.BboltFinding finding) =>
        finding.PageId is { } id ? $"page {id}: {finding.Message}" : finding.Message;

    private static void PrintTable(TextWriter writer, StatusOutput s)
    {
        var table = s.Version is null
            ? new TableWriter("HASH", "REVISION", "TOTAL KEYS", "TOTAL SIZE")
            : new TableWriter("HASH", "REVISION", "TOTAL KEYS", "TOTAL SIZE", "VERSION");
        object?[] cells = [s.Hash.ToString("x", CultureInfo.InvariantCulture), s.Revision, s.TotalKey, Humanize.Bytes(s.TotalSize)];
        table.Row(s.Version is null ? cells : [.. cells, s.Version]);
        table.WriteTo(writer);
    }
}
