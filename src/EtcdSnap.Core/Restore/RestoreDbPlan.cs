using System.Text;
using EtcdSnap.Formats.Bbolt;
using EtcdSnap.Formats.Membership;
using EtcdSnap.Formats.Mvcc;

namespace EtcdSnap.Core.Restore;

/// <summary>
/// The db edits of a restore as a bbolt edit plan: the membership and consistent-index edits of
/// <see cref="RestoredMemberState.DbEdits"/>, then <c>--bump-revision N --mark-compacted</c>.
/// </summary>
internal static class RestoreDbPlan
{
    /// <summary>Translates <paramref name="edits"/> in order, then adds the bump (when <paramref name="bumped"/> is set).</summary>
    /// <remarks>
    /// The bump is etcdutl's <c>modifyLatestRevision</c> (v3.5.21): put key-bucket key <c>(latest.main + N, 0)</c> with an
    /// empty value, so that the server's revision starts there, and set <c>meta/scheduledCompactRev</c> to it, so that
    /// the server compacts everything older at startup and answers older reads and watches with "compacted".
    /// </remarks>
    public static BboltEditPlan Build(IReadOnlyList<DbEdit> edits, Revision? bumped)
    {
        ArgumentNullException.ThrowIfNull(edits);
        var plan = new BboltEditPlan();
        foreach (var edit in edits)
        {
            var bucket = Encoding.ASCII.GetBytes(edit.Bucket);
            switch (edit.Kind)
            {
                case DbEditKind.EnsureBucket:
                    plan.EnsureBucket(bucket);
                    break;
                case DbEditKind.ClearBucket:
                    plan.ReplaceBucket(bucket, []);
                    break;
                case DbEditKind.Put:
                    plan.Put(bucket, edit.Key, edit.Value);
                    break;
                case DbEditKind.Delete:
                    plan.Delete(bucket, edit.Key);
                    break;
                default:
                    throw new InvalidOperationException($"unknown db edit {edit.Kind}");
            }
        }

        if (bumped is { } revision)
        {
            plan.Put(BucketNames.Key, revision.ToKey(), []);
            plan.Put(BucketNames.Meta, MetaKeys.ScheduledCompactRevision, revision.ToKey());
        }

        return plan;
    }

    /// <summary>The revision a bump of <paramref name="amount"/> starts the server at: <c>(latest.main + amount, 0)</c>.</summary>
    /// <exception cref="ClusterConfigurationException">The sum does not fit a revision.</exception>
    public static Revision Bump(Revision? latest, ulong amount)
    {
        var main = latest?.Main ?? 0;
        if (amount > (ulong)(long.MaxValue - main))
        {
            throw new ClusterConfigurationException(
                $"--bump-revision {amount} on top of revision {main} is larger than a revision can be");
        }

        return new Revision(main + (long)amount, 0);
    }

    /// <summary>True when the edits remove <c>meta/storageVersion</c>.</summary>
    public static bool DropsStorageVersion(IReadOnlyList<DbEdit> edits) =>
        edits.Any(e => e.Kind == DbEditKind.Delete && e.Bucket == "meta" && e.Key.AsSpan().SequenceEqual(MetaKeys.StorageVersion));
}
