using EtcdSnap.Etcd;

namespace EtcdSnap.Core.ManifestRestore;

/// <summary>What etcd answered at one moment: its status and its member list.</summary>
/// <param name="Status">The member's status.</param>
/// <param name="Members">The cluster's members as it sees them.</param>
public sealed record EtcdObservation(EtcdMemberStatus Status, IReadOnlyList<EtcdMember> Members)
{
    /// <summary>One line: revision, members, leader.</summary>
    public string Describe() =>
        $"revision {Status.Revision}, cluster {Status.ClusterId:x}, {Members.Count} member{(Members.Count == 1 ? "" : "s")} "
        + $"({string.Join(", ", Members.Select(m => $"{(m.Name.Length == 0 ? "?" : m.Name)}={m.Id:x}"))}), "
        + (Status.LeaderId == 0 ? "no leader" : $"leader {Status.LeaderId:x}");
}

/// <summary>etcd serving the restored data, as seen when the wait ended.</summary>
/// <param name="Endpoint">Where it was asked.</param>
/// <param name="Observation">What it answered.</param>
/// <param name="Waited">How long it took to come back.</param>
public sealed record RestoreHealth(string Endpoint, EtcdObservation Observation, TimeSpan Waited);
