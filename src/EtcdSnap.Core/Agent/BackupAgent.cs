using EtcdSnap.Core.Backups;
using EtcdSnap.Core.Connection;
using EtcdSnap.Etcd;
using EtcdSnap.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EtcdSnap.Core.Agent;

/// <summary>
/// Scheduled backups that run themselves. Every agent (one per control-plane node) campaigns in the etcd election of
/// its group; the leader alone takes the schedule's ticks, so the cluster makes exactly one backup per tick. A tick is
/// identified by its scheduled time. A new leader first reads which tick was completed last (the manifests' tick labels
/// and an etcd key, see <see cref="TickLedger"/>) and runs the latest tick only if nobody completed it and it is within
/// <see cref="AgentOptions.CatchUpWindow"/>; then it waits for the next. Before a backup is made complete, the leader
/// proves it still leads (<see cref="LeadershipTerm.FenceAsync"/>), and it abandons the backup the moment its lease is
/// lost, so an agent that was cut off cannot complete a tick its successor also runs.
/// </summary>
public sealed partial class BackupAgent
{
    private readonly AgentOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _clock;
    private readonly Lock _lock = new();
    private bool _running;
    private bool _isLeader;
    private DateTimeOffset? _nextTick;
    private DateTimeOffset? _lastTick;
    private string? _lastBackup;
    private DateTimeOffset? _lastSuccess;
    private DateTimeOffset? _lastFailure;
    private string? _lastError;

    /// <summary>An agent with <paramref name="options"/>, logging to <paramref name="logger"/>.</summary>
    public BackupAgent(AgentOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _clock = options.Backup.Clock;
    }

    /// <summary>The agent's Prometheus metrics.</summary>
    public AgentMetrics Metrics { get; } = new();

    /// <summary>What /healthz reports.</summary>
    public AgentHealth Health()
    {
        lock (_lock)
        {
            return new AgentHealth(_running ? "ok" : "stopped", _options.Identity, _options.ElectionName, _isLeader,
                _options.Schedule.Text, _options.Backup.Repository, _isLeader && _nextTick is { } n ? TickLedger.Format(n) : null,
                _lastTick is { } t ? TickLedger.Format(t) : null, _lastBackup, _lastSuccess, _lastFailure, _lastError);
        }
    }

    /// <summary>Lists the repository (and updates <c>etcdsnap_repository_backups</c>).</summary>
    /// <exception cref="StorageUnavailableException">The repository failed.</exception>
    public async Task<BackupListView> ListBackupsAsync(CancellationToken cancellationToken)
    {
        var repository = BackupRepositories.Open(_options.Backup.Repository, _options.Backup.StoreOptions);
        await using (repository.ConfigureAwait(false))
        {
            var listing = await repository.ListAsync(cancellationToken).ConfigureAwait(false);
            Metrics.RepositoryBackups(listing.Backups.Count);
            return BackupListView.From(repository.Location, listing);
        }
    }

    /// <summary>Runs until <paramref name="stop"/>: serves HTTP, campaigns, and backs up while leading. Returns after
    /// resigning; a backup in flight is abandoned (nothing complete is left of it).</summary>
    /// <exception cref="EtcdConfigurationException">The connection settings are unusable (fails at start).</exception>
    /// <exception cref="System.Net.HttpListenerException">The HTTP address cannot be bound.</exception>
    public async Task RunAsync(CancellationToken stop)
    {
        var connection = ConnectionResolver.Resolve(_options.Backup.Connection);
        using var factory = EtcdClientFactory.Create(connection.Options);
        AgentHttpServer? http = null;
        if (_options.Listen is { } listen)
        {
            http = new AgentHttpServer(listen, this, _logger);
            http.Start();
        }

        SetRunning(true);
        try
        {
            LogStarted(_logger, _options.Identity, _options.ElectionName, _options.Schedule.Text, _options.Backup.Repository);
            await RefreshRepositoryCountAsync(stop).ConfigureAwait(false);
            var election = new LeaderElection(factory, TickLedger.ElectionName(_options.ElectionName), _options.Identity,
                _options.LeaseTtl, _logger);
            var failures = 0;
            while (!stop.IsCancellationRequested)
            {
                LeadershipTerm term;
                try
                {
                    term = await election.CampaignAsync(stop).ConfigureAwait(false);
                    failures = 0;
                }
                catch (Exception e) when (!stop.IsCancellationRequested
                                          && e is EtcdUnavailableException or EtcdRequestException or OperationCanceledException)
                {
                    var wait = _options.Retry.Delay(++failures);
                    LogCampaignFailed(_logger, e.Message, wait.TotalSeconds);
                    await Task.Delay(wait, _clock, stop).ConfigureAwait(false);
                    continue;
                }

                await using (term.ConfigureAwait(false))
                {
                    await LeadAsync(term, stop).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Asked to stop.
        }
        finally
        {
            SetRunning(false);
            if (http is not null)
            {
                await http.DisposeAsync().ConfigureAwait(false);
            }

            LogStopped(_logger);
        }
    }

    private async Task LeadAsync(LeadershipTerm term, CancellationToken stop)
    {
        using var lead = CancellationTokenSource.CreateLinkedTokenSource(stop, term.Lost);
        SetLeader(true);
        LogElected(_logger, _options.Identity);
        try
        {
            var done = await LastCompletedTickAsync(term.Client, lead.Token).ConfigureAwait(false);
            var now = _clock.GetUtcNow();
            if (TickPlanner.CatchUp(_options.Schedule, now, done, _options.CatchUpWindow) is { } missed)
            {
                var lastCompleted = done is { } d ? TickLedger.Format(d) : "none";
                LogCatchingUp(_logger, missed, lastCompleted);
                await RunTickAsync(missed, term, lead.Token).ConfigureAwait(false);
                done = missed;
            }

            var after = done is { } last && last > now ? last : now;
            while (_options.Schedule.Next(after) is { } next)
            {
                SetNextTick(next);
                await DelayUntilAsync(next, lead.Token).ConfigureAwait(false);
                await RunTickAsync(next, term, lead.Token).ConfigureAwait(false);
                var finished = _clock.GetUtcNow();
                if (TickPlanner.Skipped(_options.Schedule, next, finished) is var skipped and > 0)
                {
                    LogSkipped(_logger, skipped, next);
                }

                after = finished > next ? finished : next;
            }

            await Task.Delay(Timeout.Infinite, lead.Token).ConfigureAwait(false); // a schedule with no more ticks
        }
        catch (OperationCanceledException) when (lead.IsCancellationRequested && !stop.IsCancellationRequested)
        {
            LogLeadershipLost(_logger, term.LossReason?.Message ?? "lease lost");
        }
        catch (LeadershipLostException e)
        {
            LogLeadershipLost(_logger, e.Message);
        }
        catch (EtcdUnavailableException e)
        {
            // The tick record could not be read: step down and campaign again (maybe through another member).
            LogLeadershipLost(_logger, e.Message);
        }
        finally
        {
            SetLeader(false);
        }
    }

    /// <summary>The latest tick completed by anyone in this group: the later of etcd's record and the manifests' labels.</summary>
    private async Task<DateTimeOffset?> LastCompletedTickAsync(EtcdMemberClient client, CancellationToken cancellationToken)
    {
        var recorded = await TickLedger.ReadAsync(client, _options.ElectionName, cancellationToken).ConfigureAwait(false);
        try
        {
            var listing = await ListBackupsAsync(cancellationToken).ConfigureAwait(false);
            var labelled = TickLedger.LatestInRepository(listing.Backups, _options.ElectionName);
            return labelled > recorded || recorded is null ? labelled : recorded;
        }
        catch (StorageUnavailableException e)
        {
            LogRepositoryUnreadable(_logger, e.Message);
            return recorded;
        }
    }

    private async Task DelayUntilAsync(DateTimeOffset when, CancellationToken cancellationToken)
    {
        // Timers run on the monotonic clock, ticks on the wall clock: wait again if the wall clock is not there yet.
        for (var left = when - _clock.GetUtcNow(); left > TimeSpan.Zero; left = when - _clock.GetUtcNow())
        {
            await Task.Delay(left, _clock, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task RefreshRepositoryCountAsync(CancellationToken cancellationToken)
    {
        try
        {
            await ListBackupsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (StorageUnavailableException e)
        {
            LogRepositoryUnreadable(_logger, e.Message);
        }
    }

    private void SetRunning(bool running)
    {
        lock (_lock)
        {
            _running = running;
        }
    }

    private void SetLeader(bool isLeader)
    {
        lock (_lock)
        {
            _isLeader = isLeader;
            _nextTick = null;
        }

        Metrics.SetLeader(isLeader);
    }

    private void SetNextTick(DateTimeOffset next)
    {
        lock (_lock)
        {
            _nextTick = next;
        }
    }
}
