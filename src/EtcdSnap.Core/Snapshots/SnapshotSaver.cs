using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EtcdSnap.Core.Connection;
using EtcdSnap.Etcd;
using EtcdSnap.Formats.Bbolt;
using EtcdSnap.Formats.IO;
using EtcdSnap.Formats.Mvcc;

namespace EtcdSnap.Core.Snapshots;

/// <summary>
/// The seed's backup step done properly: find etcd (flags, environment or the kubeadm manifest), choose the member
/// (the leader, else the most up-to-date), stream a verified snapshot to disk, and record what it is.
/// </summary>
public static class SnapshotSaver
{
    /// <summary>Saves a snapshot and its <c>FILE.json</c> sidecar.</summary>
    /// <param name="request">Where to connect and what to write.</param>
    /// <param name="progress">Download progress (called on the downloading thread; keep it quick).</param>
    /// <param name="cancellationToken">Stops the save; nothing is left behind.</param>
    /// <exception cref="OperationRefusedException">The target or its sidecar already exists.</exception>
    /// <exception cref="EtcdUnavailableException">No endpoint could be reached, or the stream broke or stalled.</exception>
    /// <exception cref="SnapshotFileException">The directory is not writable or the disk is full.</exception>
    /// <exception cref="Formats.CorruptDataException">The stream did not match etcd's sha256.</exception>
    public static async Task<SnapshotRecord> SaveAsync(SaveRequest request, IProgress<SnapshotProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clock = Stopwatch.StartNew();
        var target = TargetPath(request);
        var sidecar = SidecarPath(target);
        RefuseExisting(target);
        if (request.WriteSidecar)
        {
            RefuseExisting(sidecar);
        }

        var connection = ConnectionResolver.Resolve(request.Connection);
        using var factory = EtcdClientFactory.Create(connection.Options);
        var (endpoint, status, selection) = await ChooseMemberAsync(factory, cancellationToken);
        using var member = factory.CreateMemberClient(endpoint);
        var members = await member.MemberListAsync(cancellationToken);
        var name = members.Members.FirstOrDefault(m => m.Id == status.MemberId)?.Name ?? "";

        var download = await SnapshotDownloader.DownloadAsync(member, target, progress, request.Download, cancellationToken);
        try
        {
            var record = new SnapshotRecord(
                download.Path,
                download.Size,
                download.Sha256,
                ReadRevision(download.Path),
                name,
                status.MemberId.ToString("x", CultureInfo.InvariantCulture),
                status.ClusterId.ToString("x", CultureInfo.InvariantCulture),
                endpoint.Text,
                status.Version,
                status.IsLeader,
                selection,
                Math.Round(clock.Elapsed.TotalSeconds, 3),
                request.Clock.GetUtcNow(),
                ToolInfo.Version)
            { FileSha256 = download.FileSha256 };
            if (request.WriteSidecar)
            {
                await DurableFile.WriteAllBytesAsync(sidecar, JsonSerializer.SerializeToUtf8Bytes(record, CoreJsonContext.Default.SnapshotRecord),
                    cancellationToken);
            }

            return record;
        }
        catch
        {
            // The snapshot without its record would look complete to a later listing: take it back.
            File.Delete(download.Path);
            throw;
        }
    }

    /// <summary>The sidecar of a snapshot file: <c>FILE.json</c>.</summary>
    public static string SidecarPath(string snapshotPath) => snapshotPath + ".json";

    private static string TargetPath(SaveRequest request)
    {
        if (request.TargetPath is { } explicitPath)
        {
            return Path.GetFullPath(explicitPath);
        }

        var now = request.Clock.GetUtcNow();
        var name = $"snapshot-{now.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.db";
        return Path.GetFullPath(Path.Combine(request.WorkingDirectory ?? Environment.CurrentDirectory, name));
    }

    private static void RefuseExisting(string path)
    {
        if (File.Exists(path) || Directory.Exists(path))
        {
            throw new OperationRefusedException($"save: \"{path}\" already exists")
            {
                Hint = "choose another file name; etcdsnap never overwrites a snapshot",
            };
        }
    }

    private static async Task<(EtcdEndpoint Endpoint, EtcdMemberStatus Status, string Selection)> ChooseMemberAsync(
        EtcdClientFactory factory, CancellationToken cancellationToken)
    {
        if (factory.Endpoints.Count > 1)
        {
            var selection = await EndpointSelector.SelectAsync(factory, cancellationToken);
            return (selection.Endpoint, selection.Status, selection.Reason);
        }

        using var only = factory.CreateMemberClient(factory.Endpoints[0]);
        var status = await only.StatusAsync(cancellationToken);
        return (factory.Endpoints[0], status, "only endpoint");
    }

    // The stream carries no revision (etcd-client-notes.md §2); the newest key of the `key` bucket is the snapshot's
    // revision, and finding it reads only the rightmost path of the tree.
    private static long ReadRevision(string path)
    {
        using var file = BboltFile.Open(path);
        var last = file.GetLastKey(BucketNames.Key);
        return last is null ? 0 : Revision.ReadMain(last) ?? 0;
    }
}
