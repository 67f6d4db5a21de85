using System.Text.Json.Serialization;
using EtcdSnap.Core.Cluster;

namespace EtcdSnap.Cli.Commands.Cluster;

/// <summary>One row of `endpoint status -o json`; IDs in hex as etcdctl's table prints them.</summary>
internal sealed record EndpointStatusOutput(
    string Endpoint,
    string? MemberId,
    string? ClusterId,
    string? Version,
    long? DbSize,
    long? DbSizeInUse,
    string? Leader,
    bool? IsLeader,
    bool? IsLearner,
    ulong? RaftTerm,
    ulong? RaftIndex,
    ulong? RaftAppliedIndex,
    long? Revision,
    IReadOnlyList<string> Errors);

/// <summary>One member of `member list -o json`.</summary>
internal sealed record MemberOutput(string Id, string Status, string Name, IReadOnlyList<string> PeerUrls,
    IReadOnlyList<string> ClientUrls, bool IsLearner);

/// <summary>`member list -o json`.</summary>
internal sealed record MemberListOutput(string ClusterId, IReadOnlyList<MemberOutput> Members);

/// <summary>`version -o json`.</summary>
internal sealed record VersionOutput(string Etcdsnap, string Runtime, string? Server, string? ServerEndpoint, string? ServerError);

/// <summary>Source-generated JSON for the live-cluster verbs.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(IReadOnlyList<EndpointStatusOutput>))]
[JsonSerializable(typeof(IReadOnlyList<EndpointHealth>))]
[JsonSerializable(typeof(MemberListOutput))]
[JsonSerializable(typeof(VersionOutput))]
internal sealed partial class ClusterJsonContext : JsonSerializerContext;
