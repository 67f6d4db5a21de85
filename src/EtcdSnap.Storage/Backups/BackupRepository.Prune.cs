namespace EtcdSnap.Storage.Backups;

/// <summary>The result of a prune.</summary>
/// <param name="Plan">What the policy keeps and removes.</param>
/// <param name="DryRun">True when nothing was deleted.</param>
/// <param name="Deleted">Ids actually deleted (empty for a dry run), newest first.</param>
/// <param name="IgnoredIncomplete">Incomplete backups, which retention never counts and never deletes.</param>
public sealed record PruneResult(RetentionPlan Plan, bool DryRun, IReadOnlyList<string> Deleted, IReadOnlyList<IncompleteBackup> IgnoredIncomplete);

public sealed partial class BackupRepository
{
    /// <summary>
    /// Applies <paramref name="policy"/> to the complete backups and deletes what it removes, unless
    /// <paramref name="dryRun"/>; a dry run's plan is exactly what a real run would delete given the same listing.
    /// </summary>
    /// <exception cref="StorageUnavailableException">The store failed; backups deleted before the failure stay deleted.</exception>
    public async Task<PruneResult> PruneAsync(RetentionPolicy policy, bool dryRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policy);
        var listing = await ListAsync(cancellationToken).ConfigureAwait(false);
        var plan = policy.Apply(listing.Backups.Select(m => new RetentionCandidate(m.Id, m.CreatedAt)));
        var deleted = new List<string>();
        if (!dryRun)
        {
            foreach (var victim in plan.Remove)
            {
                await DeleteAsync(victim.Id, cancellationToken).ConfigureAwait(false);
                deleted.Add(victim.Id);
            }
        }

        return new PruneResult(plan, dryRun, deleted, listing.Incomplete);
    }
}
