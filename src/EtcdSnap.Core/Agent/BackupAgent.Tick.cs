using EtcdSnap.Core.Backups;
using EtcdSnap.Etcd;

namespace EtcdSnap.Core.Agent;

public sealed partial class BackupAgent
{
    /// <summary>
    /// Backs up for <paramref name="tick"/>: attempts bounded by the run timeout, transient failures retried with backoff
    /// until the next tick is due; the tick is recorded in the manifest's labels and, after it, in etcd.
    /// </summary>
    /// <exception cref="LeadershipLostException">Leadership ended; the backup was abandoned.</exception>
    /// <exception cref="OperationCanceledException">Leadership ended or the agent stops.</exception>
    private async Task RunTickAsync(DateTimeOffset tick, LeadershipTerm term, CancellationToken lead)
    {
        var labels = new Dictionary<string, string>(_options.Backup.Labels)
        {
            [BackupLabels.Tick] = TickLedger.Format(tick),
            [BackupLabels.Agent] = _options.Identity,
            [BackupLabels.Election] = _options.ElectionName,
        };
        var giveUpAt = _options.Schedule.Next(tick) ?? tick + TimeSpan.FromDays(1);
        for (var attempt = 1; ; attempt++)
        {
            LogTick(_logger, tick, attempt);
            using var run = CancellationTokenSource.CreateLinkedTokenSource(lead);
            run.CancelAfter(_options.RunTimeout);
            var runDeadline = _clock.GetUtcNow() + _options.RunTimeout;
            var request = _options.Backup with
            {
                Labels = labels,
                BeforeCommit = async ct =>
                {
                    await term.FenceAsync(ct).ConfigureAwait(false);
                    // No other agent can lead for a lease's time to live from the fence on: the manifest must be written
                    // well within it, or the attempt is abandoned.
                    var left = runDeadline - _clock.GetUtcNow();
                    run.CancelAfter(left < term.LeaseTtl / 2 ? (left > TimeSpan.Zero ? left : TimeSpan.Zero) : term.LeaseTtl / 2);
                },
            };
            try
            {
                var outcome = await BackupService.RunAsync(request, progress: null, run.Token).ConfigureAwait(false);
                await CompletedAsync(tick, outcome, term, lead).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (lead.IsCancellationRequested)
            {
                throw;
            }
            catch (LeadershipLostException)
            {
                throw;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                var timedOut = e is OperationCanceledException;
                var reason = timedOut ? $"timed out after {GoDuration.Format(_options.RunTimeout)}" : OneLine(e.Message);
                var transient = timedOut || RetryBackoff.IsTransient(e);
                Failed(reason, transient);
                var wait = _options.Retry.Delay(attempt);
                if (!transient || _clock.GetUtcNow() + wait >= giveUpAt)
                {
                    LogTickFailed(_logger, tick, attempt, reason, transient);
                    return;
                }

                LogAttemptFailed(_logger, tick, attempt, reason, wait.TotalSeconds);
                await Task.Delay(wait, _clock, lead).ConfigureAwait(false);
            }
        }
    }

    private async Task CompletedAsync(DateTimeOffset tick, BackupOutcome outcome, LeadershipTerm term, CancellationToken lead)
    {
        var completedAt = _clock.GetUtcNow();
        Metrics.BackupSucceeded(outcome, completedAt);
        lock (_lock)
        {
            _lastTick = tick;
            _lastBackup = outcome.Manifest.Id;
            _lastSuccess = completedAt;
        }

        LogCompleted(_logger, outcome.Reference, tick, outcome.Manifest.Revision ?? 0, outcome.Manifest.DbSize,
            outcome.Manifest.StoredSize, outcome.Duration.TotalSeconds);
        if (outcome.PruneError is { } pruneError)
        {
            LogPruneFailed(_logger, pruneError.Message);
        }
        else if (outcome.Prune is { } prune && prune.Deleted.Count > 0)
        {
            var deleted = string.Join(", ", prune.Deleted);
            LogPruned(_logger, prune.Deleted.Count, deleted);
        }

        try
        {
            await TickLedger.WriteAsync(term.Client, _options.ElectionName, tick, lead).ConfigureAwait(false);
        }
        catch (Exception e) when (e is EtcdUnavailableException or EtcdRequestException)
        {
            // The manifest's label already records the tick; the etcd record only saves a listing.
            LogLedgerFailed(_logger, e.Message);
        }

        await RefreshRepositoryCountAsync(lead).ConfigureAwait(false);
    }

    private void Failed(string reason, bool transient)
    {
        Metrics.BackupFailed(transient);
        lock (_lock)
        {
            _lastFailure = _clock.GetUtcNow();
            _lastError = reason;
        }
    }

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();
}
