namespace EtcdSnap.Core.Agent;

/// <summary>This agent is no longer the leader (its lease expired or another agent leads); it must stop what it does as leader.</summary>
public sealed class LeadershipLostException(string message, Exception? inner = null) : Exception(message, inner);
