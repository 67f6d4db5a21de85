using Grpc.Core;

namespace EtcdSnap.Etcd;

/// <summary>
/// An etcd member answered, but refused the request: a compacted or future revision, a missing lease,
/// a permission error, an invalid argument. Retrying the same request does not help.
/// </summary>
public sealed class EtcdRequestException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The endpoint as the user wrote it.</summary>
    public required string Endpoint { get; init; }

    /// <summary>The gRPC status code the server sent (<see cref="StatusCode.OK"/> for a canceled watch).</summary>
    public StatusCode StatusCode { get; init; }

    /// <summary>The server's own text, e.g. <c>etcdserver: mvcc: required revision has been compacted</c>.</summary>
    public string ServerMessage { get; init; } = "";

    /// <summary>For a watch canceled because its start revision was compacted: the compact revision
    /// the server reported (the oldest revision still available); otherwise 0.</summary>
    public long CompactRevision { get; init; }

    /// <summary>True when the request asked for a revision that compaction removed.</summary>
    public bool IsCompacted => CompactRevision > 0 || ServerMessage.Contains("compacted", StringComparison.Ordinal);

    /// <summary>A concrete next step for the user, when there is one.</summary>
    public string? Hint { get; init; }
}
