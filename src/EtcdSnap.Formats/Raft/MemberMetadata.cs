using EtcdSnap.Formats.Protobuf;

namespace EtcdSnap.Formats.Raft;

/// <summary>
/// The identity of the member that owns a WAL (etcdserverpb.Metadata), stored in every WAL metadata record.
/// </summary>
/// <remarks>
/// etcd <c>etcdserver/etcdserverpb/etcdserver.proto</c>. Wire layout: <c>08 NodeID</c> <c>10 ClusterID</c>, both
/// always written. On restart etcd takes the member and cluster ID from here, not from its flags.
/// </remarks>
public sealed record MemberMetadata
{
    private const int NodeIdField = 1;
    private const int ClusterIdField = 2;

    /// <summary>The local member's ID.</summary>
    public ulong NodeId { get; init; }

    /// <summary>The cluster's ID.</summary>
    public ulong ClusterId { get; init; }

    /// <summary>Encodes the metadata exactly as etcd does.</summary>
    public byte[] ToByteArray()
    {
        var w = new ProtoWriter(22);
        w.WriteUInt64(NodeIdField, NodeId);
        w.WriteUInt64(ClusterIdField, ClusterId);
        return w.ToArray();
    }

    /// <summary>Decodes metadata; unknown fields are skipped and missing fields are zero.</summary>
    /// <exception cref="CorruptDataException">The bytes are not a valid encoding.</exception>
    public static MemberMetadata Parse(ReadOnlySpan<byte> data, string source = "etcdserverpb.Metadata", long baseOffset = 0)
    {
        var r = new ProtoReader(data, source, baseOffset, "etcdserverpb.Metadata");
        ulong node = 0, cluster = 0;
        while (r.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case NodeIdField:
                    node = r.ReadVarintField(field, wireType);
                    break;
                case ClusterIdField:
                    cluster = r.ReadVarintField(field, wireType);
                    break;
                default:
                    r.SkipField(wireType);
                    break;
            }
        }

        return new MemberMetadata { NodeId = node, ClusterId = cluster };
    }
}
