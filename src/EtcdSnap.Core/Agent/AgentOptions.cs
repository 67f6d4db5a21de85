using System.Net;
using EtcdSnap.Core.Backups;

namespace EtcdSnap.Core.Agent;

/// <summary>How a <see cref="BackupAgent"/> runs: its schedule, the backup it makes, and how agents share the work.</summary>
public sealed record AgentOptions
{
    /// <summary>The default address of the HTTP endpoint (/healthz, /metrics, /backups): loopback only.</summary>
    public static readonly IPEndPoint DefaultListen = new(IPAddress.Loopback, 9469);

    /// <summary>When to back up.</summary>
    public required BackupSchedule Schedule { get; init; }

    /// <summary>The backup each tick makes (connection, repository, compression, encryption, labels, retention).
    /// The agent adds its tick labels and its leadership check.</summary>
    public required BackupRequest Backup { get; init; }

    /// <summary>The agent group: agents with the same name elect one leader and share one tick record.</summary>
    public string ElectionName { get; init; } = "default";

    /// <summary>This agent's name in logs, labels and the election (the node name in a DaemonSet).</summary>
    public string Identity { get; init; } = Environment.MachineName;

    /// <summary>Time to live of the election lease: how long a dead leader blocks the others. etcd's minimum is a
    /// few seconds.</summary>
    public TimeSpan LeaseTtl { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>The longest one backup attempt may take.</summary>
    public TimeSpan RunTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A new leader runs the latest tick it finds not backed up when it is at most this old; zero never
    /// catches up.</summary>
    public TimeSpan CatchUpWindow { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Waits between attempts after transient failures.</summary>
    public RetryBackoff Retry { get; init; } = new();

    /// <summary>Where to serve /healthz, /metrics and /backups; null serves nothing.</summary>
    public IPEndPoint? Listen { get; init; } = DefaultListen;
}
