using EtcdSnap.Formats.Protobuf;

namespace EtcdSnap.Formats.Raft;

/// <summary>A membership change (raftpb.ConfChange), the data of an <see cref="EntryType.ConfChange"/> entry.</summary>
/// <remarks>
/// Wire layout: <c>08 ID</c> <c>10 Type</c> <c>18 NodeID</c> (always) then <c>22 len Context</c> when not null.
/// etcd puts the JSON of the member into <see cref="Context"/>.
/// </remarks>
public sealed record ConfChange
{
    private const int IdField = 1;
    private const int TypeField = 2;
    private const int NodeIdField = 3;
    private const int ContextField = 4;

    /// <summary>The change's own ID (0 in everything restore writes).</summary>
    public ulong Id { get; init; }

    /// <summary>The kind of change.</summary>
    public ConfChangeType Type { get; init; }

    /// <summary>The member being changed.</summary>
    public ulong NodeId { get; init; }

    /// <summary>Opaque context (etcd: member JSON); null when absent.</summary>
    public byte[]? Context { get; init; }

    /// <summary>Encodes the change exactly as etcd does.</summary>
    public byte[] ToByteArray()
    {
        var w = new ProtoWriter(24 + (Context?.Length ?? 0));
        w.WriteUInt64(IdField, Id);
        w.WriteInt64(TypeField, (int)Type);
        w.WriteUInt64(NodeIdField, NodeId);
        if (Context is not null)
        {
            w.WriteBytes(ContextField, Context);
        }

        return w.ToArray();
    }

    /// <summary>Decodes a change; unknown fields are skipped and missing fields are zero.</summary>
    /// <exception cref="CorruptDataException">The bytes are not a valid encoding.</exception>
    public static ConfChange Parse(ReadOnlySpan<byte> data, string source = "raftpb.ConfChange", long baseOffset = 0)
    {
        var r = new ProtoReader(data, source, baseOffset, "raftpb.ConfChange");
        ulong id = 0, nodeId = 0;
        long type = 0;
        byte[]? context = null;
        while (r.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case IdField:
                    id = r.ReadVarintField(field, wireType);
                    break;
                case TypeField:
                    type = (long)r.ReadVarintField(field, wireType);
                    break;
                case NodeIdField:
                    nodeId = r.ReadVarintField(field, wireType);
                    break;
                case ContextField:
                    context = r.ReadBytesField(field, wireType).ToArray();
                    break;
                default:
                    r.SkipField(wireType);
                    break;
            }
        }

        return new ConfChange { Id = id, Type = (ConfChangeType)(int)type, NodeId = nodeId, Context = context };
    }
}
