using System.Diagnostics;
using System.Runtime.ExceptionServices;
using EtcdSnap.Core.Snapshots;
using EtcdSnap.Etcd;
using EtcdSnap.Formats;
using EtcdSnap.Formats.Snapshot;
using EtcdSnap.Storage;
using EtcdSnap.Storage.Backups;

namespace EtcdSnap.Core.Backups;

/// <summary>
/// One backup, start to finish: save a snapshot from etcd into a private temporary file, check its structure and
/// status numbers, and stream it (compressed and encrypted when asked) into the repository; the manifest is written
/// last, only when every check passed; then retention. The upload runs while the snapshot is still arriving (see
/// <see cref="SnapshotFeed"/>), so a backup takes about as long as the save alone. The temporary file is always
/// deleted; a failed backup leaves nothing complete in the repository.
/// </summary>
public static class BackupService
{
    /// <summary>Name of the temporary snapshot file inside the scratch directory.</summary>
    private const string ScratchSnapshotName = "snapshot.db";

    /// <summary>Makes one backup.</summary>
    /// <param name="request">Where from, where to, how.</param>
    /// <param name="progress">Bytes of the snapshot received from etcd (called on the downloading thread; keep it quick).</param>
    /// <param name="cancellationToken">Stops the backup; nothing complete is left behind.</param>
    /// <exception cref="StoreUrlFormatException">The repository URL is malformed.</exception>
    /// <exception cref="EtcdUnavailableException">etcd could not be reached, or the stream broke or stalled.</exception>
    /// <exception cref="StorageUnavailableException">The repository failed.</exception>
    /// <exception cref="CorruptDataException">The snapshot did not match etcd's sha256, or failed the structure check.</exception>
    /// <exception cref="SnapshotFileException">The temporary file could not be written (disk full, not writable).</exception>
    public static async Task<BackupOutcome> RunAsync(BackupRequest request, IProgress<SnapshotProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var started = Stopwatch.GetTimestamp();
        var url = BackupStoreUrl.Parse(request.Repository);
        var repository = BackupRepositories.Open(url, request.StoreOptions, request.Clock);
        await using (repository.ConfigureAwait(false))
        {
            Stored stored;
            using (var scratch = ScratchDirectory.Create(request.TempDirectory, url))
            {
                stored = await StoreAsync(request, repository, scratch.Combine(ScratchSnapshotName), progress, cancellationToken)
                    .ConfigureAwait(false);
            }

            PruneResult? prune = null;
            Exception? pruneError = null;
            if (request.Retention is { IsEmpty: false } policy)
            {
                try
                {
                    prune = await repository.PruneAsync(policy, dryRun: false, cancellationToken).ConfigureAwait(false);
                }
                catch (StorageUnavailableException e)
                {
                    pruneError = e;
                }
            }

            return new BackupOutcome(stored.Manifest, repository.Location, stored.Saved.Record, stored.Saved.Status,
                Stopwatch.GetElapsedTime(started), prune)
            {
                PruneError = pruneError,
                Timings = new BackupTimings(stored.Saved.SaveTime, stored.Saved.VerifyTime, stored.StoreTime, stored.Streamed),
            };
        }
    }

    private static async Task<Stored> StoreAsync(BackupRequest request, BackupRepository repository, string snapshotPath,
        IProgress<SnapshotProgress>? progress, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var feed = new SnapshotFeed(snapshotPath);
        await using (feed.ConfigureAwait(false))
        {
            using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var saved = SaveAndVerifyAsync(request, snapshotPath, feed, progress, abort.Token);
            var options = new BackupWriteOptions
            {
                CompressionLevel = request.CompressionLevel,
                EncryptionKey = request.EncryptionKey,
                ToolVersion = ToolInfo.Version,

                // The saver hashed every byte of the file as it arrived from etcd (the same pass that checks etcd's
                // digest); the repository records that instead of hashing the file a second time. It is asked for
                // after describe, i.e. after the save succeeded.
                PlainSha256 = () => saved.Result.Record.FileSha256,
            };
            var written = repository.WriteAsync(feed, ct => DescribeAsync(saved, request, ct), options, abort.Token);

            // Whichever side fails first stops the other: a broken upload must not keep etcd streaming, and a failed
            // save must not leave the upload waiting.
            var first = await Task.WhenAny(saved, written).ConfigureAwait(false);
            if (!first.IsCompletedSuccessfully)
            {
                await abort.CancelAsync().ConfigureAwait(false);
            }

            try
            {
                await Task.WhenAll(saved, written).ConfigureAwait(false);
            }
            catch (Exception) when (RootCause(saved, written) is { } cause)
            {
                cause.Throw();
            }

            return new Stored(await saved.ConfigureAwait(false), (await written.ConfigureAwait(false)).Manifest,
                Stopwatch.GetElapsedTime(started), feed.DeliveredWhileSaving);
        }
    }

    private static async Task<Saved> SaveAndVerifyAsync(BackupRequest request, string path, SnapshotFeed feed,
        IProgress<SnapshotProgress>? progress, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        SnapshotRecord record;
        try
        {
            var save = new SaveRequest
            {
                Connection = request.Connection,
                TargetPath = path,
                WriteSidecar = false,
                Download = new SnapshotDownloadOptions { OnWritten = feed.OnWritten },
                Clock = request.Clock,
            };
            record = await SnapshotSaver.SaveAsync(save, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            feed.Fail(e);
            throw;
        }

        feed.Complete(record.File);
        var saveTime = Stopwatch.GetElapsedTime(started);

        // etcd's sha256 was checked while streaming; what is left is bbolt's structure and the status walk, which also
        // gives the revision and key count for the manifest.
        var report = await SnapshotVerifier.VerifyAsync(record.File, skipHashCheck: true, cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        if (!report.Restorable || report.Status is null)
        {
            var problems = report.Problems;
            throw new CorruptDataException($"snapshot from {record.Endpoint}", null,
                $"failed verification, not stored: {problems.Count} problem(s), first: {(problems.Count > 0 ? problems[0] : "?")}")
            {
                Hint = "take the snapshot from another member (--endpoints), and check this member's data with `etcdsnap verify`",
            };
        }

        return new Saved(record, report.Status, saveTime, Stopwatch.GetElapsedTime(started) - saveTime);
    }

    private static async ValueTask<BackupSource> DescribeAsync(Task<Saved> saved, BackupRequest request, CancellationToken cancellationToken)
    {
        var (record, status, _, _) = await saved.ConfigureAwait(false);
        if (request.BeforeCommit is { } beforeCommit)
        {
            await beforeCommit(cancellationToken).ConfigureAwait(false);
        }

        return new BackupSource
        {
            ClusterId = record.ClusterId,
            Member = record.MemberName.Length > 0 ? record.MemberName : null,
            MemberId = record.MemberId,
            Endpoint = record.Endpoint,
            EtcdVersion = record.EtcdVersion,
            Revision = status.Revision,
            KeyCount = status.TotalKey,
            Labels = request.Labels,
        };
    }

    /// <summary>The failure to report: the save's own (the upload's is often just its echo), then the upload's, then a
    /// cancellation.</summary>
    private static ExceptionDispatchInfo? RootCause(Task saved, Task written)
    {
        static Exception? Real(Task t) => t.Exception?.InnerExceptions.FirstOrDefault(e => e is not OperationCanceledException);
        var cause = Real(saved) ?? Real(written)
            ?? saved.Exception?.InnerException ?? written.Exception?.InnerException;
        return cause is null ? null : ExceptionDispatchInfo.Capture(cause);
    }

    private sealed record Saved(SnapshotRecord Record, SnapshotStatus Status, TimeSpan SaveTime, TimeSpan VerifyTime);

    private sealed record Stored(Saved Saved, BackupManifest Manifest, TimeSpan StoreTime, long Streamed);
}
