using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using EtcdSnap.Core.Restore;
using EtcdSnap.Core.Snapshots;
using EtcdSnap.Formats;
using EtcdSnap.Formats.IO;

namespace EtcdSnap.Core.ManifestRestore;

/// <summary>
/// The seed's restore done the way a kubeadm operator should: restore the snapshot natively into a new host directory
/// beside the current one (with the member, cluster and token of the manifest), keep the original manifest in a folder
/// beside the manifests folder, point the <c>hostPath</c> of the data volume at the new directory in one atomic
/// rename, wait until the kubelet has restarted etcd on the restored data, and optionally restart the control plane.
/// The current data dir is never touched, so <see cref="ManifestRollback"/> can always go back.
/// </summary>
public static class ManifestRestorer
{
    /// <summary>Restores, or with <see cref="ManifestRestoreRequest.DryRun"/> only plans.</summary>
    /// <param name="request">What to restore, where.</param>
    /// <param name="progress">One line per step (<c>[restore/…] …</c>).</param>
    /// <param name="cancellationToken">Cancels; before the switch nothing is left behind, after it the new manifest stays.</param>
    /// <exception cref="Kubernetes.ManifestException">The manifest is missing or not an etcd static pod, or cannot be switched.</exception>
    /// <exception cref="CorruptDataException">The snapshot does not verify.</exception>
    /// <exception cref="OperationRefusedException">The target exists, or the snapshot is not the pinned one.</exception>
    /// <exception cref="RestoreNotHealthyException">The manifest was switched but etcd did not serve the restored data in time.</exception>
    public static async Task<ManifestRestoreResult> RestoreAsync(ManifestRestoreRequest request, IProgress<PhaseLine>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var clock = Stopwatch.StartNew();
        var planner = ManifestRestorePlanner.Read(request);
        var draft = planner.Build(null, null, refuseExisting: true); // refuse bad targets before reading a large snapshot
        using var etcd = EtcdComeback.Connect(draft.ManifestPath, request.HostRoot);
        var (before, _) = await EtcdComeback.ObserveAsync(etcd, cancellationToken).ConfigureAwait(false);
        if (request.DryRun)
        {
            var (sha, revision) = await VerifySnapshotAsync(request, cancellationToken).ConfigureAwait(false);
            var bumpTo = RevisionBump.For(request.NoBump, revision, before?.Status.Revision);
            return new ManifestRestoreResult
            {
                Plan = planner.Build(sha, revision, refuseExisting: true, bumpTo),
                Applied = false,
                Duration = clock.Elapsed,
            };
        }

        var bump = RevisionBump.For(request.NoBump, RevisionBump.ReadSnapshotRevision(draft.SnapshotPath), before?.Status.Revision);
        draft = planner.Build(null, null, refuseExisting: true, bump);
        Report(progress, "restore/plan", $"member {draft.MemberName} of {draft.InitialCluster} (token {draft.Token}, cluster {draft.ClusterId}); "
            + $"data {draft.CurrentDataDir.HostPath} -> {draft.NewDataDir}");
        if (bump > ManifestRestoreRequest.DefaultBump)
        {
            Report(progress, "restore/plan", $"etcd already serves revision {before!.Status.Revision}, past the snapshot's plus "
                + $"{ManifestRestoreRequest.DefaultBump}: bumping by {bump} so that the restored revision is above every revision "
                + "clients have seen");
        }

        var restored = await SnapshotRestorer.RestoreAsync(RestoreOptionsFor(request, draft), null, cancellationToken).ConfigureAwait(false);
        var plan = planner.Build(restored.Sha256, restored.Revision, refuseExisting: false, bump);
        Report(progress, "restore/data", $"restored \"{plan.SnapshotName}\" (revision {restored.Revision}"
            + (restored.BumpedRevision is { } b ? $", starting at {b}" : "") + $", sha256 {restored.Sha256}) into \"{plan.NewDataDir}\" "
            + $"in {restored.Duration.TotalSeconds:0.00}s; the current data dir \"{plan.CurrentDataDir.HostPath}\" is untouched");

        var (backup, record) = Switch(request, planner, plan, restored);
        Report(progress, "restore/manifest", $"moved new manifest to \"{plan.ManifestPath}\" and backed up old manifest to \"{backup}\"");
        var result = new ManifestRestoreResult
        {
            Plan = plan,
            Applied = true,
            Restore = restored,
            BackupManifest = backup,
            RecordPath = record,
        };
        if (request.NoWait)
        {
            return result with { NextSteps = NextSteps(request, plan, waited: false, restarted: false), Duration = clock.Elapsed };
        }

        var health = await WaitAsync(request, plan, restored, etcd, before, backup, progress, cancellationToken).ConfigureAwait(false);
        IReadOnlyList<string> restartedComponents = [];
        if (request.RestartControlPlane)
        {
            restartedComponents = await ControlPlaneRestarter.RestartAsync(plan.ManifestPath, request.ControlPlanePause,
                request.Clock.GetUtcNow(), progress, cancellationToken).ConfigureAwait(false);
        }

        return result with
        {
            Health = health,
            ControlPlaneRestarted = restartedComponents,
            NextSteps = NextSteps(request, plan, waited: true, restarted: restartedComponents.Count > 0),
            Duration = clock.Elapsed,
        };
    }

    private static RestoreOptions RestoreOptionsFor(ManifestRestoreRequest request, ManifestRestorePlan plan) => new()
    {
        SnapshotPath = plan.SnapshotPath,
        DataDir = plan.NewDataDirLocal,
        WalDir = plan.NewWalDir is { } wal ? Connection.HostPaths.Under(request.HostRoot, wal) : null,
        Name = plan.MemberName,
        InitialAdvertisePeerUrls = plan.InitialAdvertisePeerUrls,
        InitialCluster = plan.InitialCluster,
        InitialClusterToken = plan.Token,
        BumpRevision = plan.Bump,
        MarkCompacted = plan.Bump > 0,
        ExpectedSha256 = request.ExpectedSha256,
        TargetVersion = request.TargetVersion,
    };

    /// <summary>Keeps the original manifest and its record beside the manifests folder, then swaps in the new text.</summary>
    private static (string Backup, string Record) Switch(ManifestRestoreRequest request, ManifestRestorePlanner planner,
        ManifestRestorePlan plan, RestoreResult restored)
    {
        // The manifest must point where the restore wrote; a mismatch would make the kubelet start an empty etcd
        // (hostPath type DirectoryOrCreate). A failure here is a bug in etcdsnap, caught before anything is switched.
        var restoredDb = Path.Combine(plan.NewDataDirLocal, "member", "snap", "db");
        if (!restored.Members.Any(m => m.DataDir is { } d && Path.GetFullPath(d) == Path.GetFullPath(plan.NewDataDirLocal)) || !File.Exists(restoredDb))
        {
            throw new InvalidOperationException($"restore wrote {string.Join(", ", restored.Members.Select(m => m.DataDir))}, but the "
                + $"manifest would point at {plan.NewDataDir}; nothing was switched");
        }

        ManifestFiles.CreateFolder(plan.BackupFolder);
        var backup = Path.Combine(plan.BackupFolder, Path.GetFileName(plan.ManifestPath));
        ManifestFiles.WriteNew(backup, planner.Bytes);
        var record = Path.Combine(plan.BackupFolder, RestoreRecord.FileName);
        ManifestFiles.WriteNew(record, JsonSerializer.SerializeToUtf8Bytes(new RestoreRecord(
            plan.SnapshotName,
            restored.Sha256,
            restored.Revision,
            restored.BumpedRevision ?? restored.Revision,
            plan.ManifestPath,
            plan.CurrentDataDir.HostPath,
            plan.NewDataDir,
            plan.CurrentWalDir?.HostPath,
            plan.NewWalDir,
            plan.Members.Select(m => $"{m.Name}={m.Id}").ToList(),
            plan.ClusterId,
            request.Clock.GetUtcNow(),
            ToolInfo.Version), RestoreRecordJsonContext.Default.RestoreRecord));
        DurableFile.FsyncDirectory(plan.BackupFolder);
        ManifestFiles.Replace(plan.ManifestPath, plan.Edit.NewText, planner.Bytes);
        return (backup, record);
    }

    private static async Task<RestoreHealth> WaitAsync(ManifestRestoreRequest request, ManifestRestorePlan plan, RestoreResult restored,
        Etcd.EtcdClientFactory etcd, EtcdObservation? before, string backup, IProgress<PhaseLine>? progress,
        CancellationToken cancellationToken)
    {
        var expect = new ComebackExpectation(
            restored.BumpedRevision ?? restored.Revision,
            restored.Members.Select(m => m.Id).ToHashSet(),
            RequireLeader: plan.SingleMember,
            before,
            // With a bump the restored revision is above anything the running etcd serves (RevisionBump), so the revision
            // alone tells the restored etcd apart; without one, only a restart does.
            RequireRestart: plan.Bump == 0);
        try
        {
            return await EtcdComeback.WaitAsync(etcd, expect, request.Timeout, request.PollInterval, "restore/wait", progress,
                cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException e)
        {
            var hostRoot = request.HostRoot == "/" ? "" : $" --host-root {request.HostRoot}";
            throw new RestoreNotHealthyException(
                $"restore: etcd at {plan.ClientEndpoint} did not serve the restored data within {Etcd.GoDuration.Format(request.Timeout)} "
                + $"(last seen: {e.Message}); the new manifest is in place, the previous one is kept at \"{backup}\"", e)
            {
                Hint = $"look at the etcd pod's log (crictl ps -a; crictl logs ID); to go back: etcdsnap rollback --manifest {plan.ManifestPath}{hostRoot}",
            };
        }
    }

    /// <summary>Verifies the snapshot without writing anything (for <c>--dry-run</c>); returns its db SHA-256 and revision.</summary>
    private static async Task<(string Sha256, long Revision)> VerifySnapshotAsync(ManifestRestoreRequest request,
        CancellationToken cancellationToken)
    {
        var report = await SnapshotVerifier.VerifyAsync(request.SnapshotPath, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!report.Restorable)
        {
            throw new CorruptDataException(report.File, null, "snapshot does not verify: " + string.Join("; ", report.Problems.Take(3)))
            {
                Hint = "etcdsnap verify " + report.File + " lists every problem",
            };
        }

        if (request.ExpectedSha256 is { } pinned && !string.Equals(pinned.Trim(), report.ActualSha256, StringComparison.OrdinalIgnoreCase))
        {
            var fileHash = await FileSha256Async(report.File, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(pinned.Trim(), fileHash, StringComparison.OrdinalIgnoreCase))
            {
                throw new OperationRefusedException(
                    $"restore: \"{report.File}\" is not the pinned snapshot: sha256 {report.ActualSha256} (db) / {fileHash} (file), "
                    + $"expected {pinned.Trim().ToLowerInvariant()}")
                {
                    Hint = "copy the snapshot the restore plan was made for to this node",
                };
            }
        }

        return (report.ActualSha256!, report.Status!.Revision);
    }

    private static async Task<string> FileSha256Async(string path, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false));
        }
    }

    private static List<string> NextSteps(ManifestRestoreRequest request, ManifestRestorePlan plan, bool waited, bool restarted)
    {
        var steps = new List<string>();
        var hostRoot = request.HostRoot == "/" ? "" : $" --host-root {request.HostRoot}";
        if (!waited)
        {
            steps.Add($"check that etcd serves the restored data: etcdsnap endpoint status --manifest {plan.ManifestPath}{hostRoot} "
                + $"(revision at least {plan.SnapshotRevision + (long)plan.Bump})");
        }

        if (!restarted)
        {
            steps.Add("restart kube-apiserver, kube-controller-manager and kube-scheduler: move their manifests out of "
                + $"{Path.GetDirectoryName(plan.ManifestPath)} and back after 20s, or rerun with --restart-control-plane");
        }

        steps.Add("restart the kubelet on every node: systemctl restart kubelet");
        if (!plan.SingleMember)
        {
            steps.Add($"restore every other member of {plan.InitialCluster} from the same snapshot: etcdsnap restore-plan "
                + $"{plan.SnapshotName} --manifest {plan.ManifestPath} prints the command for each node");
        }

        steps.Add("check the cluster: kubectl get all -A");
        steps.Add($"to go back to the previous data: etcdsnap rollback --manifest {plan.ManifestPath}{hostRoot}");
        return steps;
    }

    private static void Report(IProgress<PhaseLine>? progress, string phase, string text) => progress?.Report(new PhaseLine(phase, text));
}
