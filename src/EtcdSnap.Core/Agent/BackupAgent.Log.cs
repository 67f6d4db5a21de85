using Microsoft.Extensions.Logging;

namespace EtcdSnap.Core.Agent;

public sealed partial class BackupAgent
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "agent {Identity} started: group {Election}, schedule \"{Schedule}\" (UTC), repository {Repository}")]
    private static partial void LogStarted(ILogger logger, string identity, string election, string schedule, string repository);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "agent stopped")]
    private static partial void LogStopped(ILogger logger);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "campaign failed: {Reason}; retrying in {WaitSeconds:0.0}s")]
    private static partial void LogCampaignFailed(ILogger logger, string reason, double waitSeconds);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "{Identity} is now the leader and takes the backups")]
    private static partial void LogElected(ILogger logger, string identity);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "leadership lost: {Reason}")]
    private static partial void LogLeadershipLost(ILogger logger, string reason);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "catching up tick {Tick:u}: no backup completed it (last completed tick: {LastCompleted})")]
    private static partial void LogCatchingUp(ILogger logger, DateTimeOffset tick, string lastCompleted);

    [LoggerMessage(EventId = 7, Level = LogLevel.Warning, Message = "{Count} tick(s) after {Tick:u} passed while it ran and were skipped")]
    private static partial void LogSkipped(ILogger logger, int count, DateTimeOffset tick);

    [LoggerMessage(EventId = 8, Level = LogLevel.Information, Message = "tick {Tick:u}: backing up (attempt {Attempt})")]
    private static partial void LogTick(ILogger logger, DateTimeOffset tick, int attempt);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information,
        Message = "backup {Reference} complete for tick {Tick:u}: revision {Revision}, {Size} bytes, stored {Stored} bytes, {DurationSeconds:0.00}s")]
    private static partial void LogCompleted(ILogger logger, string reference, DateTimeOffset tick, long revision, long size, long stored,
        double durationSeconds);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "tick {Tick:u}: attempt {Attempt} failed: {Reason}; retrying in {WaitSeconds:0.0}s")]
    private static partial void LogAttemptFailed(ILogger logger, DateTimeOffset tick, int attempt, string reason, double waitSeconds);

    [LoggerMessage(EventId = 11, Level = LogLevel.Error, Message = "tick {Tick:u}: no backup after {Attempt} attempt(s): {Reason} (transient: {Transient})")]
    private static partial void LogTickFailed(ILogger logger, DateTimeOffset tick, int attempt, string reason, bool transient);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "pruned {Count} backup(s): {Ids}")]
    private static partial void LogPruned(ILogger logger, int count, string ids);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "the backup is complete, but pruning failed: {Reason}")]
    private static partial void LogPruneFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "could not record the tick in etcd (the manifest has it): {Reason}")]
    private static partial void LogLedgerFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 15, Level = LogLevel.Warning, Message = "could not list the repository: {Reason}")]
    private static partial void LogRepositoryUnreadable(ILogger logger, string reason);
}
