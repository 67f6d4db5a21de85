using System.Text.Json.Serialization;

namespace EtcdSnap.Core.Agent;

/// <summary>What <c>/healthz</c> answers: the agent is running, and what it did last.</summary>
/// <param name="Status">"ok" while the agent runs; "stopped" after it ended.</param>
/// <param name="Identity">This agent's name.</param>
/// <param name="Election">The agent group.</param>
/// <param name="IsLeader">True while this agent takes the backups.</param>
/// <param name="Schedule">The cron schedule.</param>
/// <param name="Repository">The repository URL.</param>
/// <param name="NextTick">The next tick this agent will run when it leads (UTC), when it leads.</param>
/// <param name="LastTick">The last tick this agent completed.</param>
/// <param name="LastBackup">The id of the last backup this agent completed.</param>
/// <param name="LastSuccess">When it completed.</param>
/// <param name="LastFailure">When this agent's last failed attempt ended.</param>
/// <param name="LastError">Why it failed (one line).</param>
public sealed record AgentHealth(
    string Status,
    string Identity,
    string Election,
    bool IsLeader,
    string Schedule,
    string Repository,
    string? NextTick,
    string? LastTick,
    string? LastBackup,
    DateTimeOffset? LastSuccess,
    DateTimeOffset? LastFailure,
    string? LastError);

/// <summary>Source-generated JSON for the agent's HTTP answers.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AgentHealth))]
internal sealed partial class AgentJsonContext : JsonSerializerContext;
