using System.Diagnostics;
using System.Security.Cryptography;
using EtcdSnap.Formats;
using EtcdSnap.Formats.IO;
using Google.Protobuf;
using Grpc.Core;

namespace EtcdSnap.Etcd;

/// <summary>
/// Streams <c>Maintenance.Snapshot</c> from one member into a file, the way <c>etcdctl snapshot save</c> does, and verifies
/// etcd's sha256 on the way: <c>FILE.part</c> (mode 0600) is written message by message with no copy and no buffering,
/// fsynced, and renamed to <c>FILE</c> only when the digest matched. On any failure or cancellation the part file is
/// deleted and no target appears.
/// </summary>
public static class SnapshotDownloader
{
    private const int Sha256Length = 32;

    /// <summary>Downloads a snapshot from <paramref name="member"/> into <paramref name="targetPath"/>.</summary>
    /// <param name="member">The member to read from (a snapshot always comes from exactly one member).</param>
    /// <param name="targetPath">The file to create; it must not exist. Missing parent directories are created with mode 0700.</param>
    /// <param name="progress">Receives progress about every <see cref="SnapshotDownloadOptions.ProgressInterval"/>,
    /// called on the downloading thread: keep it quick.</param>
    /// <param name="options">Stall limit and progress interval.</param>
    /// <param name="cancellationToken">Stops the download; the part file is removed.</param>
    /// <exception cref="SnapshotFileException">The target exists, the directory is not writable, the disk is full.</exception>
    /// <exception cref="EtcdUnavailableException">The member could not be reached, the stream broke, or it stalled.</exception>
    /// <exception cref="EtcdRequestException">The member refused to send a snapshot.</exception>
    /// <exception cref="CorruptDataException">The stream ended without etcd's sha256, or the data does not match it.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static async Task<SnapshotDownloadResult> DownloadAsync(EtcdMemberClient member, string targetPath,
        IProgress<SnapshotProgress>? progress = null, SnapshotDownloadOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        ArgumentException.ThrowIfNullOrEmpty(targetPath);
        options ??= new SnapshotDownloadOptions();
        var target = Path.GetFullPath(targetPath);
        var part = target + DurableFile.PartSuffix;
        PrepareDirectory(target);

        var clock = Stopwatch.StartNew();
        FileStream file;
        try
        {
            // No buffer: each message is one write(2) straight from the gRPC buffer. Shared for reading: a backup may
            // follow the file as it grows (see SnapshotDownloadOptions.OnWritten).
            file = DurableFile.CreatePrivate(part, FileAccess.Write, FileShare.Read, bufferSize: 0);
        }
        catch (IOException e) when (File.Exists(part))
        {
            throw new SnapshotFileException(SnapshotFileProblem.PartFileExists, part,
                $"\"{part}\" already exists: another save is writing it, or an earlier one was interrupted", e)
            {
                Hint = "if no other save is running, delete the .part file and retry",
            };
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw SnapshotFileException.From(e, part, "create");
        }

        var completed = false;
        try
        {
            var (size, digest, fileSha256) = await StreamAsync(member, file, part, progress, options, clock, cancellationToken).ConfigureAwait(false);
            await file.DisposeAsync().ConfigureAwait(false);
            Publish(part, target);
            completed = true;
            return new SnapshotDownloadResult(target, size, digest, clock.Elapsed, member.Endpoint.Text) { FileSha256 = fileSha256 };
        }
        finally
        {
            await file.DisposeAsync().ConfigureAwait(false);
            if (!completed)
            {
                TryDelete(part);
            }
        }
    }

    private static async Task<(long Size, string Sha256, string FileSha256)> StreamAsync(EtcdMemberClient member, FileStream file, string part,
        IProgress<SnapshotProgress>? progress, SnapshotDownloadOptions options, Stopwatch clock, CancellationToken cancellationToken)
    {
        var stallLimit = options.StallTimeout ?? member.CommandTimeout;
        using var watchdog = new StallWatchdog(stallLimit, cancellationToken);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var startedAt = Environment.TickCount64;
        long received = 0;
        long? total = null;
        var nextReport = 0L;
        ByteString? pending = null; // hashed one message late: the last message is etcd's digest, not data
        try
        {
            using var call = member.OpenSnapshot(new CallOptions(cancellationToken: watchdog.Token));
            var responses = call.ResponseStream;
            while (await responses.MoveNext(CancellationToken.None).ConfigureAwait(false))
            {
                var message = responses.Current;
                var blob = message.Blob;
                watchdog.Alive();
                // Both the last data message and the digest message carry remaining_bytes == 0, so the first message
                // is the one that tells the size: what it carries plus what remains (etcd v3rpc/maintenance.go).
                total ??= checked((long)message.RemainingBytes + blob.Length + Sha256Length);
                if (pending is not null)
                {
                    sha.AppendData(pending.Span);
                }

                Write(file, blob, part);
                received += blob.Length;
                options.OnWritten?.Invoke(received);
                pending = blob;
                if (progress is not null && Environment.TickCount64 >= nextReport)
                {
                    progress.Report(new SnapshotProgress(received, total, clock.Elapsed));
                    nextReport = Environment.TickCount64 + (long)options.ProgressInterval.TotalMilliseconds;
                }
            }
        }
        catch (Exception e) when (watchdog.Stalled && EtcdMemberClient.IsCallFailure(e) && e is not SnapshotFileException)
        {
            throw member.Errors.Stalled($"snapshot stream stalled after {Bytes(received)} of {Bytes(total)}", stallLimit, e);
        }
        catch (Exception e) when (EtcdMemberClient.IsCallFailure(e) && e is not SnapshotFileException)
        {
            var context = received > 0 ? $"snapshot stream broke after {Bytes(received)} of {Bytes(total)}" : null;
            throw await member.Errors.TranslateAsync(e, "snapshot", startedAt, context, answered: received > 0, cancellationToken)
                .ConfigureAwait(false);
        }

        var source = $"snapshot stream from {member.Endpoint.Text}";
        if (pending is null || pending.Length != Sha256Length)
        {
            throw new CorruptDataException(source, received, "the stream ended without etcd's 32-byte sha256 digest")
            {
                Hint = "the member may be older than etcd 3.2 or the stream was cut; retry, or take the snapshot from another member",
            };
        }

        if (received != total)
        {
            throw new CorruptDataException(source, received, $"received {received} bytes but the first message announced {total}");
        }

        // The file's own SHA-256 (db and trailer, what sha256sum prints) comes from the same pass: a copy of the state
        // before the db hash is finished, continued over the trailer.
        using var whole = sha.Clone();
        whole.AppendData(pending.Span);
        var fileSha256 = Convert.ToHexStringLower(whole.GetHashAndReset());
        var expected = pending.Span;
        var actual = sha.GetHashAndReset();
        if (!expected.SequenceEqual(actual))
        {
            throw new CorruptDataException(source, received - Sha256Length,
                $"sha256 mismatch: etcd sent {Convert.ToHexStringLower(expected)}, the data hashes to {Convert.ToHexStringLower(actual)}");
        }

        progress?.Report(new SnapshotProgress(received, total, clock.Elapsed));
        try
        {
            file.Flush(flushToDisk: true);
        }
        catch (IOException e)
        {
            throw SnapshotFileException.From(e, part, "fsync");
        }

        return (received, Convert.ToHexStringLower(expected), fileSha256);
    }

    private static void Write(FileStream file, ByteString blob, string part)
    {
        try
        {
            file.Write(blob.Span);
        }
        catch (IOException e)
        {
            throw SnapshotFileException.From(e, part, "write");
        }
    }

    private static void PrepareDirectory(string target)
    {
        if (File.Exists(target) || Directory.Exists(target))
        {
            throw SnapshotFileException.TargetExists(target);
        }

        var directory = Path.GetDirectoryName(target)!;
        try
        {
            DurableFile.CreatePrivateDirectory(directory); // every level we create is ours and gets 0700
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw SnapshotFileException.From(e, directory, "create directory");
        }
    }

    /// <summary>Renames without ever replacing a file that appeared meanwhile, then makes the rename durable.</summary>
    private static void Publish(string part, string target)
    {
        try
        {
            File.Move(part, target, overwrite: false);
        }
        catch (IOException e) when (File.Exists(target))
        {
            throw SnapshotFileException.TargetExists(target, e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw SnapshotFileException.From(e, target, "rename to");
        }

        // Best effort: some file systems reject fsync on a directory, and the data itself is already on disk.
        _ = DurableFile.TryFsyncDirectory(Path.GetDirectoryName(target)!);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing more can be done; the failure being reported is the one that matters.
        }
    }

    internal static string Bytes(long? bytes) => bytes switch
    {
        null => "an unknown size",
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => $"{bytes / 1024.0:0.0} KiB",
        < 1024L * 1024 * 1024 => $"{bytes / (1024.0 * 1024):0.0} MiB",
        _ => $"{bytes / (1024.0 * 1024 * 1024):0.00} GiB",
    };
}
