namespace EtcdSnap.Cli.Infrastructure;

/// <summary>Process exit codes. Scripts depend on these numbers: never renumber (docs/cli.md).</summary>
internal enum ExitCode
{
    /// <summary>The command did what was asked.</summary>
    Success = 0,

    /// <summary>An unexpected error: a bug or an unclassified I/O failure.</summary>
    Failure = 1,

    /// <summary>Bad flags or arguments.</summary>
    Usage = 2,

    /// <summary>A snapshot, WAL, backup or manifest failed verification.</summary>
    CorruptData = 3,

    /// <summary>etcd or a backup store could not be reached; worth retrying.</summary>
    Unavailable = 4,

    /// <summary>A safety precondition blocked the action; nothing was changed.</summary>
    Refused = 5,

    /// <summary>A restore was applied but the cluster did not come back healthy in time.</summary>
    NotHealthy = 6,

    /// <summary>Interrupted (Ctrl-C, SIGTERM): 128 + SIGINT.</summary>
    Interrupted = 130,
}
