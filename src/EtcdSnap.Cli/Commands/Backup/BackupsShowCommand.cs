using System.CommandLine;
using EtcdSnap.Cli.Commands.Shared;
using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Cli.Printing;
using EtcdSnap.Core.Backups;
using EtcdSnap.Storage.Backups;

namespace EtcdSnap.Cli.Commands.Backup;

/// <summary>`etcdsnap backups show ID|latest`: one backup's manifest.</summary>
internal static class BackupsShowCommand
{
    public static Command Create(CliConsole console)
    {
        var id = new Argument<string>("ID") { Description = "Backup id, or \"latest\" for the newest complete backup" };
        var repo = RepositoryOption.Create();
        var output = OutputOption.Create();
        var command = new Command("show", """
            Show one backup's manifest: where the snapshot came from, its revision, sizes, sha256, compression,
            encryption key id and labels. -o json prints backup.json's fields.

            Examples:
              etcdsnap backups show latest
              etcdsnap backups show 20261127T142300Z-1a2b3c --repo s3://backups/etcd -o json
            """)
        {
            id,
            repo,
            output,
        };
        command.Aliases.Add("describe");
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var repository = BackupRepositories.Open(result.GetValue(repo)!);
            var manifest = await repository.GetAsync(result.GetValue(id)!, cancellationToken);
            OutputPrinter.Print(console, result.GetValue(output), manifest, BackupJsonContext.Default.BackupManifest,
                (w, m) => PrintDetails(w, repository.Location, m));
            return 0;
        });
        return command;
    }

    private static void PrintDetails(TextWriter writer, string repository, BackupManifest m) =>
        new DetailsWriter()
            .Add("Backup", $"{repository}#{m.Id}")
            .Add("Created", BackupsFormat.Time(m.CreatedAt))
            .Add("Cluster", m.ClusterId)
            .Add("Member", m.Member is null && m.MemberId is null ? null : $"{m.Member ?? "?"} ({m.MemberId})")
            .Add("Endpoint", m.Endpoint)
            .Add("etcd", m.EtcdVersion)
            .Add("Revision", m.Revision)
            .Add("Keys", m.KeyCount)
            .Add("Snapshot", $"{Humanize.Bytes(m.DbSize)} ({m.DbSize} bytes)")
            .Add("SHA256", m.Sha256)
            .Add("Stored", $"{Humanize.Bytes(m.StoredSize)} ({m.StoredSize} bytes) as {m.SnapshotObject}")
            .Add("Compression", m.Compression == "none" ? "none" : $"{m.Compression} level {m.CompressionLevel}, ratio {m.CompressionRatio:0.00}")
            .Add("Encryption", m.IsEncrypted ? $"{m.Encryption}, key id {m.EncryptionKeyId}" : "none")
            .Add("Labels", m.Labels.Count == 0 ? null : BackupsFormat.Labels(m.Labels))
            .Add("Written by", "etcdsnap " + m.ToolVersion)
            .WriteTo(writer);
}
