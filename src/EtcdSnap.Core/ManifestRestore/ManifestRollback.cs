using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EtcdSnap.Formats.IO;
using EtcdSnap.Formats.Membership;
using EtcdSnap.Kubernetes.Manifests;

namespace EtcdSnap.Core.ManifestRestore;

/// <summary>Input of <see cref="ManifestRollback.RollbackAsync"/>: <c>etcdsnap rollback --manifest PATH</c>.</summary>
public sealed record ManifestRollbackRequest
{
    /// <summary>The etcd static pod manifest, as this process finds it.</summary>
    public required string ManifestPath { get; init; }

    /// <summary>Where the node's root filesystem is.</summary>
    public string HostRoot { get; init; } = "/";

    /// <summary>Do not wait for etcd to come back.</summary>
    public bool NoWait { get; init; }

    /// <summary>How long to wait for etcd.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>How often etcd is asked while waiting.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The clock, for folder names.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}

/// <summary>What a rollback did.</summary>
/// <param name="ManifestPath">The manifest put back.</param>
/// <param name="RestoredFrom">The kept manifest it was put back from.</param>
/// <param name="KeptAside">Where the manifest it replaced (the restored one) is kept.</param>
/// <param name="Record">The record of the restore being undone, when it was found.</param>
/// <param name="DataDir">The data dir etcd runs on again (node path).</param>
/// <param name="Health">etcd after the rollback; null with <c>--no-wait</c>.</param>
/// <param name="Duration">Wall time.</param>
public sealed record ManifestRollbackResult(string ManifestPath, string RestoredFrom, string KeptAside, RestoreRecord? Record,
    string DataDir, RestoreHealth? Health, TimeSpan Duration);

/// <summary>
/// Undoes the manifest switch of the last <see cref="ManifestRestorer"/> run: puts back the manifest kept in the newest
/// <c>etcdsnap-backup-manifests-*</c> folder beside the manifests folder (atomically), keeping the manifest it replaces in
/// an <c>etcdsnap-rolled-back-manifests-*</c> folder, and waits for etcd to serve the previous data again. No data dir is
/// deleted: the restored one stays for a later look.
/// </summary>
public static class ManifestRollback
{
    /// <summary>Rolls back.</summary>
    /// <exception cref="OperationRefusedException">There is nothing to roll back, or the kept manifest's data dir is gone.</exception>
    /// <exception cref="Kubernetes.ManifestException">A manifest is missing or not an etcd static pod.</exception>
    /// <exception cref="RestoreNotHealthyException">etcd did not come back in time.</exception>
    public static async Task<ManifestRollbackResult> RollbackAsync(ManifestRollbackRequest request, IProgress<PhaseLine>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clock = Stopwatch.StartNew();
        var manifestPath = Path.GetFullPath(request.ManifestPath);
        var currentText = StaticPodManifest.ReadText(manifestPath);
        var currentBytes = File.ReadAllBytes(manifestPath);
        var (folder, kept) = FindBackup(manifestPath);
        var keptText = StaticPodManifest.ReadText(kept);
        if (string.Equals(keptText, currentText, StringComparison.Ordinal))
        {
            throw new OperationRefusedException(
                $"rollback: nothing to roll back: {manifestPath} already equals the manifest kept in \"{folder}\"");
        }

        var keptManifest = EtcdPodManifest.Parse(keptText, kept);
        var discovery = keptManifest.Discover(request.HostRoot);
        if (!Directory.Exists(Path.Combine(discovery.DataDir.LocalPath, "member")))
        {
            throw new OperationRefusedException(
                $"rollback: the kept manifest's data dir {discovery.DataDir.HostPath} holds no member/ directory; putting it back "
                + "would start an empty etcd")
            {
                Hint = $"look at \"{folder}\" and restore the data first",
            };
        }

        var record = ReadRecord(folder);
        using var etcd = EtcdComeback.Connect(manifestPath, request.HostRoot);
        var (before, _) = await EtcdComeback.ObserveAsync(etcd, cancellationToken).ConfigureAwait(false);

        var aside = ManifestFiles.SiblingFolder(manifestPath, ManifestFiles.RolledBackPrefix, request.Clock.GetUtcNow());
        ManifestFiles.CreateFolder(aside);
        var keptAside = Path.Combine(aside, Path.GetFileName(manifestPath));
        ManifestFiles.WriteNew(keptAside, currentBytes);
        DurableFile.FsyncDirectory(aside);
        ManifestFiles.Replace(manifestPath, keptText, currentBytes);
        progress?.Report(new PhaseLine("rollback/manifest",
            $"put back \"{kept}\" as \"{manifestPath}\" and kept the replaced manifest at \"{keptAside}\""));
        progress?.Report(new PhaseLine("rollback/data", $"etcd runs on {discovery.DataDir.HostPath} again"
            + (record is null ? "" : $"; the restored data dir {record.NewDataDir} is kept")));

        RestoreHealth? health = null;
        if (!request.NoWait)
        {
            var members = discovery.InitialCluster is { } ic ? InitialCluster.Parse(ic).Members.Count : 1;
            var expect = new ComebackExpectation(0, null, RequireLeader: members == 1, before, RequireRestart: true);
            try
            {
                health = await EtcdComeback.WaitAsync(etcd, expect, request.Timeout, request.PollInterval, "rollback/wait", progress,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException e)
            {
                throw new RestoreNotHealthyException(
                    $"rollback: etcd at {discovery.ClientEndpoint} did not come back within {Etcd.GoDuration.Format(request.Timeout)} "
                    + $"(last seen: {e.Message}); the previous manifest is in place", e)
                {
                    Hint = "look at the etcd pod's log (crictl ps -a; crictl logs ID)",
                };
            }
        }

        return new ManifestRollbackResult(manifestPath, kept, keptAside, record, discovery.DataDir.HostPath, health, clock.Elapsed);
    }

    /// <summary>The newest backup folder beside the manifests folder that keeps this manifest's file.</summary>
    private static (string Folder, string Manifest) FindBackup(string manifestPath)
    {
        var parent = Path.GetDirectoryName(Path.GetDirectoryName(manifestPath)!)!;
        var name = Path.GetFileName(manifestPath);
        var newest = Directory.Exists(parent)
            ? Directory.EnumerateDirectories(parent, ManifestFiles.BackupPrefix + "*")
                .Where(d => File.Exists(Path.Combine(d, name)))
                .OrderBy(d => SortKey(Path.GetFileName(d)), StringComparer.Ordinal)
                .LastOrDefault()
            : null;
        return newest is null
            ? throw new OperationRefusedException(
                $"rollback: nothing to roll back: no {ManifestFiles.BackupPrefix}* folder with {name} in {parent}")
            {
                Hint = "a rollback puts back the manifest an `etcdsnap restore --manifest` kept; none was found",
            }
            : (newest, Path.Combine(newest, name));
    }

    // "…T080000Z", "…T080000Z-2", "…T080000Z-10": pad the same-second counter so that names sort in time order.
    internal static string SortKey(string folderName)
    {
        var dash = folderName.LastIndexOf('-');
        return int.TryParse(folderName.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            && folderName[..dash].EndsWith('Z')
            ? folderName[..dash] + "-" + n.ToString("D6", CultureInfo.InvariantCulture)
            : folderName + "-000001";
    }

    private static RestoreRecord? ReadRecord(string folder)
    {
        var path = Path.Combine(folder, RestoreRecord.FileName);
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), RestoreRecordJsonContext.Default.RestoreRecord) : null;
        }
        catch (JsonException)
        {
            return null; // The record only adds detail to the messages; the manifest itself decides.
        }
    }
}
