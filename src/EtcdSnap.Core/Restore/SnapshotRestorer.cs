using System.Diagnostics;
using EtcdSnap.Formats;
using EtcdSnap.Formats.Bbolt;
using EtcdSnap.Formats.IO;
using EtcdSnap.Formats.Membership;
using EtcdSnap.Formats.Mvcc;
using EtcdSnap.Formats.Snapshot;

namespace EtcdSnap.Core.Restore;

/// <summary>
/// Restores an etcd snapshot into new data directories natively (no etcd binary): the same result as etcdutl's
/// <c>snapshot restore</c> (etcd <c>etcdutl/snapshot/v3_snapshot.go</c> Restore @ v3.5.21), plus a structure check of
/// the db, all-or-nothing output, and one read of the snapshot for every member.
/// </summary>
/// <remarks>
/// <para>Steps: resolve the cluster (IDs as etcd derives them) → refuse existing targets → check the snapshot's trailer
/// rule and its bbolt structure → write the db (source pages copied in the kernel, edited pages appended; the source's
/// SHA-256 computed alongside) → verify the hash → copy the db for further members → write each member's WAL and
/// <c>.snap</c> → rename into place.</para>
/// <para>Everything is built in hidden temporary directories next to the targets. Any failure (bad hash, corrupt page,
/// disk full, cancellation) removes them: the targets' parent directories look as before.</para>
/// </remarks>
public static class SnapshotRestorer
{
    /// <summary>Runs a restore.</summary>
    /// <param name="options">What to restore where.</param>
    /// <param name="progress">Receives the current step and its byte progress.</param>
    /// <param name="cancellationToken">Cancels the restore; nothing is left behind.</param>
    /// <returns>The members written and what the snapshot held.</returns>
    /// <exception cref="ClusterConfigurationException">Inconsistent flags (etcd's message where it has one).</exception>
    /// <exception cref="OperationRefusedException">The data dir is not empty, the WAL dir exists, or a pinned hash differs.</exception>
    /// <exception cref="CorruptDataException">No trailer without skip, a hash mismatch, or a structure problem in the db.</exception>
    /// <exception cref="IOException">Reading or writing failed (disk full, permissions).</exception>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public static Task<RestoreResult> RestoreAsync(RestoreOptions options, IProgress<RestoreProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var pinned = ParsePinnedHash(options.ExpectedSha256);
        return Task.Run(() => Restore(options, pinned, progress, cancellationToken), cancellationToken);
    }

    private static RestoreResult Restore(RestoreOptions options, byte[]? pinned, IProgress<RestoreProgress>? progress,
        CancellationToken cancellationToken)
    {
        var run = new StepClock(progress, cancellationToken);
        var cluster = run.Step(RestoreStep.ResolveCluster, () => RestoreCluster.Resolve(options));
        using var layout = run.Step(RestoreStep.PrepareTargets, () => RestoreLayout.Prepare(options, cluster));
        var source = run.Step(RestoreStep.CheckSnapshot, () => SnapshotSource.Open(options.SnapshotPath, options.SkipHashCheck));
        var verifyTrailer = source.Trailer is not null && !options.SkipHashCheck;
        using var hasher = verifyTrailer || pinned is not null
            ? SourceHasher.Start(source.Path, source.DbLength, source.Trailer, cancellationToken)
            : null;

        var status = run.Step(RestoreStep.CheckSnapshot, () => source.CheckStructure(cancellationToken));
        var bumped = options.MarkCompacted ? RestoreDbPlan.Bump(status.Facts.LatestRevision, options.BumpRevision) : (Revision?)null;
        var plan = RestoreDbPlan.Build(cluster.DbEdits, bumped);
        var first = layout.Members[0];
        var written = run.Step(RestoreStep.WriteDb, () => WriteDb(source, first, plan, hasher, run, cancellationToken));

        var digests = run.Step(RestoreStep.VerifyHash, () => VerifyHash(source, hasher, verifyTrailer, pinned, run));
        foreach (var member in layout.Members.Skip(1))
        {
            run.Step(RestoreStep.CopyDb, () => CopyDb(first.StagedDb, member, written.TargetLength, run, cancellationToken),
                member.State.Cluster.Local.Name);
        }

        foreach (var member in layout.Members)
        {
            run.Step(RestoreStep.WriteWalAndSnap, () => MemberStateWriter.Write(member.State, member.StagedWalDir, member.StagedSnapDir),
                member.State.Cluster.Local.Name);
        }

        run.Step(RestoreStep.Commit, layout.Commit);
        return BuildResult(options, cluster, layout, status, bumped, written, digests, pinned is not null, verifyTrailer, run);
    }

    private static BboltRewriteResult WriteDb(SnapshotSource source, MemberPaths member, BboltEditPlan plan, SourceHasher? hasher,
        StepClock run, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("restore writes etcd data dirs for Linux servers; run it on Linux");
        }

        StagedDirectory.CreatePrivateDirectory(member.StagedSnapDir);
        // The bar shows what is both copied and hashed; the hash goes on in the next step if it lags.
        var total = source.DbLength;
        var result = BboltRewriter.Rewrite(source.Path, source.DbLength, member.StagedDb, plan,
            new ActionProgress<long>(copied => run.Report(RestoreStep.WriteDb, Math.Min(copied, hasher?.Hashed ?? copied), total)),
            hashSource: false, cancellationToken);

        // A cheap re-read of what was written: the new meta is the one bbolt picks and the edits are there.
        using var written = BboltFile.Open(member.StagedDb);
        var meta = EtcdMetaValues.Read(written);
        if (written.Meta.TxId != result.TxId || meta.ConsistentIndex != member.State.SnapshotIndex)
        {
            throw new InvalidOperationException($"the written db {member.StagedDb} does not read back as written");
        }

        return result;
    }

    private static (byte[] Db, byte[] File)? VerifyHash(SnapshotSource source, SourceHasher? hasher, bool verifyTrailer, byte[]? pinned,
        StepClock run)
    {
        if (hasher is null)
        {
            return null;
        }

        var digests = hasher.Wait(hashed => run.Report(RestoreStep.VerifyHash, hashed, source.DbLength));
        if (verifyTrailer)
        {
            source.VerifyTrailer(digests.Db);
        }

        if (pinned is not null)
        {
            source.VerifyPinned(pinned, digests.Db, digests.File);
        }

        return digests;
    }

    private static bool CopyDb(string from, MemberPaths member, long length, StepClock run, CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("restore writes etcd data dirs for Linux servers; run it on Linux");
        }

        StagedDirectory.CreatePrivateDirectory(member.StagedSnapDir);
        var name = member.State.Cluster.Local.Name;
        using var source = File.OpenHandle(from, FileMode.Open, FileAccess.Read, FileShare.Read);
        using var target = new FileStream(member.StagedDb, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            BufferSize = 0,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        });
        FileRangeCopy.Copy(source, from, target.SafeFileHandle, length, new ActionProgress<long>(n => run.Report(RestoreStep.CopyDb, n, length, name)),
            cancellationToken);
        target.Flush(flushToDisk: true);
        return true;
    }

    private static RestoreResult BuildResult(RestoreOptions options, RestoreCluster cluster, RestoreLayout layout,
        SnapshotStatus status, Revision? bumped, BboltRewriteResult written, (byte[] Db, byte[] File)? digests,
        bool pinned, bool verifyTrailer, StepClock run)
    {
        var restored = layout.Members.ToDictionary(m => m.State.Cluster.Local.Id);
        return new RestoreResult
        {
            SnapshotPath = Path.GetFullPath(options.SnapshotPath),
            HadTrailer = status.Facts.HasTrailer,
            TrailerVerified = verifyTrailer,
            Sha256 = digests is { } d ? Convert.ToHexStringLower(d.Db) : null,
            PinnedHashMatched = pinned,
            ClusterId = cluster.Cluster.ClusterId,
            Token = cluster.Cluster.Token,
            Members = cluster.Cluster.Members.Select(m => restored.TryGetValue(m.Id, out var p)
                ? new RestoredMember(m.Name, m.Id, m.PeerUrls, p.DataDir, p.WalDir)
                : new RestoredMember(m.Name, m.Id, m.PeerUrls, null, null)).ToList(),
            Revision = status.Facts.LatestRevision?.Main ?? 0,
            BumpedRevision = bumped?.Main,
            TotalKey = status.TotalKey,
            KeyRevisions = status.Facts.KeyBucketEntries,
            DbSize = written.TargetLength,
            TargetVersion = options.TargetVersion,
            StorageVersionDropped = status.Facts.Meta.StorageVersion is not null && RestoreDbPlan.DropsStorageVersion(cluster.DbEdits),
            Steps = run.Timings,
            Duration = run.Elapsed,
        };
    }

    private static byte[]? ParsePinnedHash(string? hex)
    {
        if (hex is null)
        {
            return null;
        }

        var trimmed = hex.Trim();
        if (trimmed.Length != 64 || !trimmed.All(char.IsAsciiHexDigit))
        {
            throw new ArgumentException($"expected sha256 \"{hex}\" is not 64 hex digits", nameof(hex));
        }

        return Convert.FromHexString(trimmed);
    }

    /// <summary>Times each step and forwards progress.</summary>
    private sealed class StepClock(IProgress<RestoreProgress>? progress, CancellationToken cancellationToken)
    {
        private readonly Stopwatch _total = Stopwatch.StartNew();
        private readonly List<RestoreStepTiming> _timings = [];

        public IReadOnlyList<RestoreStepTiming> Timings => _timings;

        public TimeSpan Elapsed => _total.Elapsed;

        public T Step<T>(RestoreStep step, Func<T> body, string? member = null)
        {
            progress?.Report(new RestoreProgress(step, 0, 0, member));
            cancellationToken.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            T result;
            try
            {
                result = body();
            }
            catch (IOException e)
            {
                // Which step failed, for the one-line error; the temporary directories are removed on the way out.
                throw new IOException(Failed(step, member, e), e);
            }
            catch (UnauthorizedAccessException e)
            {
                throw new UnauthorizedAccessException(Failed(step, member, e), e);
            }

            Add(step, Stopwatch.GetElapsedTime(started));
            return result;
        }

        private static string Failed(RestoreStep step, string? member, Exception e) =>
            $"restore failed while {Doing(step)}{(member is null ? "" : $" for {member}")}: {e.Message}";

        private static string Doing(RestoreStep step) => step switch
        {
            RestoreStep.PrepareTargets => "preparing the target directories",
            RestoreStep.CheckSnapshot => "reading the snapshot",
            RestoreStep.WriteDb => "writing the db",
            RestoreStep.VerifyHash => "hashing the snapshot",
            RestoreStep.CopyDb => "copying the db",
            RestoreStep.WriteWalAndSnap => "writing the WAL and snap files",
            RestoreStep.Commit => "moving the result into place",
            _ => step.ToString(),
        };

        public void Step(RestoreStep step, Action body) => Step(step, () =>
        {
            body();
            return true;
        });

        public void Report(RestoreStep step, long done, long total, string? member = null) =>
            progress?.Report(new RestoreProgress(step, done, total, member));

        // Per-member steps add up into one entry.
        private void Add(RestoreStep step, TimeSpan took)
        {
            lock (_timings)
            {
                var i = _timings.FindIndex(t => t.Step == step);
                if (i < 0)
                {
                    _timings.Add(new RestoreStepTiming(step, took));
                }
                else
                {
                    _timings[i] = _timings[i] with { Duration = _timings[i].Duration + took };
                }
            }
        }
    }

    private sealed class ActionProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
