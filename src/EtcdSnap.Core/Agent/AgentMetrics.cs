using EtcdSnap.Core.Backups;
using Prometheus;

namespace EtcdSnap.Core.Agent;

/// <summary>
/// The agent's Prometheus metrics, in a registry of its own (several agents in one process stay apart):
/// <list type="bullet">
/// <item><c>etcdsnap_agent_is_leader</c>: 1 while this agent leads.</item>
/// <item><c>etcdsnap_backup_last_success_timestamp_seconds</c>, <c>_last_duration_seconds</c>, <c>_last_size_bytes</c>
/// (plain snapshot), <c>_last_stored_bytes</c>, <c>_last_revision</c>: the last backup this agent completed.</item>
/// <item><c>etcdsnap_backup_success_total</c>, <c>etcdsnap_backup_failures_total{transient}</c>: attempts by outcome.</item>
/// <item><c>etcdsnap_prune_failures_total</c>: retention runs that failed after a backup.</item>
/// <item><c>etcdsnap_repository_backups</c>: complete backups in the repository when this agent last looked.</item>
/// </list>
/// </summary>
public sealed class AgentMetrics
{
    private readonly Gauge _isLeader;
    private readonly Gauge _lastSuccess;
    private readonly Gauge _lastDuration;
    private readonly Gauge _lastSize;
    private readonly Gauge _lastStored;
    private readonly Gauge _lastRevision;
    private readonly Counter _success;
    private readonly Counter _failures;
    private readonly Counter _pruneFailures;
    private readonly Gauge _repositoryBackups;

    /// <summary>Creates the metrics in a new registry.</summary>
    public AgentMetrics()
    {
        Registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(Registry);
        _isLeader = factory.CreateGauge("etcdsnap_agent_is_leader", "1 while this agent is the leader that takes the backups, else 0");
        _lastSuccess = factory.CreateGauge("etcdsnap_backup_last_success_timestamp_seconds",
            "Unix time at which this agent last completed a backup");
        _lastDuration = factory.CreateGauge("etcdsnap_backup_last_duration_seconds", "Wall time of the last completed backup");
        _lastSize = factory.CreateGauge("etcdsnap_backup_last_size_bytes", "Size of the last backed-up snapshot (plain db with sha256 trailer)");
        _lastStored = factory.CreateGauge("etcdsnap_backup_last_stored_bytes", "Stored size of the last backup (after compression and encryption)");
        _lastRevision = factory.CreateGauge("etcdsnap_backup_last_revision", "etcd store revision of the last backup");
        _success = factory.CreateCounter("etcdsnap_backup_success_total", "Backups completed by this agent");
        _failures = factory.CreateCounter("etcdsnap_backup_failures_total", "Backup attempts that failed, by whether they were retried",
            "transient");
        _pruneFailures = factory.CreateCounter("etcdsnap_prune_failures_total", "Retention runs that failed after a backup");
        _repositoryBackups = factory.CreateGauge("etcdsnap_repository_backups", "Complete backups in the repository when this agent last listed it");
    }

    /// <summary>The registry to export.</summary>
    public CollectorRegistry Registry { get; }

    /// <summary>Sets whether this agent leads.</summary>
    public void SetLeader(bool isLeader) => _isLeader.Set(isLeader ? 1 : 0);

    /// <summary>Records a backup completed at <paramref name="completedAt"/>.</summary>
    public void BackupSucceeded(BackupOutcome outcome, DateTimeOffset completedAt)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        _success.Inc();
        _lastSuccess.Set(completedAt.ToUnixTimeMilliseconds() / 1000.0);
        _lastDuration.Set(outcome.Duration.TotalSeconds);
        _lastSize.Set(outcome.Manifest.DbSize);
        _lastStored.Set(outcome.Manifest.StoredSize);
        _lastRevision.Set(outcome.Manifest.Revision ?? 0);
        if (outcome.PruneError is not null)
        {
            _pruneFailures.Inc();
        }
    }

    /// <summary>Records a failed attempt.</summary>
    public void BackupFailed(bool transient) => _failures.WithLabels(transient ? "true" : "false").Inc();

    /// <summary>Records how many complete backups the repository holds.</summary>
    public void RepositoryBackups(int count) => _repositoryBackups.Set(count);

    /// <summary>Writes the metrics in Prometheus' text format.</summary>
    public Task ExportAsync(Stream destination, CancellationToken cancellationToken) =>
        Registry.CollectAndExportAsTextAsync(destination, cancellationToken);
}
