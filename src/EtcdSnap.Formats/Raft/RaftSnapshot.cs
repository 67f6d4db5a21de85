using EtcdSnap.Formats.Protobuf;

namespace EtcdSnap.Formats.Raft;

/// <summary>A raft snapshot (raftpb.Snapshot): the v2 store JSON plus its <see cref="SnapshotMetadata"/>.</summary>
/// <remarks>
/// Named <c>RaftSnapshot</c> to keep it apart from etcd's v3 snapshot file. Wire layout: <c>0a len data</c> when
/// <see cref="Data"/> is not null, then <c>12 len SnapshotMetadata</c> (always).
/// </remarks>
public sealed record RaftSnapshot
{
    private const int DataField = 1;
    private const int MetadataField = 2;

    /// <summary>The application state; for etcd the JSON of the v2 store. Null when absent.</summary>
    public byte[]? Data { get; init; }

    /// <summary>Index, term and configuration of the snapshot.</summary>
    public SnapshotMetadata Metadata { get; init; } = new();

    /// <summary>Encodes the snapshot exactly as etcd does.</summary>
    public byte[] ToByteArray()
    {
        var metadata = Metadata.ToByteArray();
        var w = new ProtoWriter((Data?.Length ?? 0) + metadata.Length + 16);
        if (Data is not null)
        {
            w.WriteBytes(DataField, Data);
        }

        w.WriteBytes(MetadataField, metadata);
        return w.ToArray();
    }

    /// <summary>Decodes a snapshot; unknown fields are skipped and missing fields are empty.</summary>
    /// <exception cref="CorruptDataException">The bytes are not a valid encoding.</exception>
    public static RaftSnapshot Parse(ReadOnlySpan<byte> data, string source = "raftpb.Snapshot", long baseOffset = 0)
    {
        var r = new ProtoReader(data, source, baseOffset, "raftpb.Snapshot");
        byte[]? payload = null;
        var metadata = new SnapshotMetadata();
        while (r.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case DataField:
                    payload = r.ReadBytesField(field, wireType).ToArray();
                    break;
                case MetadataField:
                    metadata = SnapshotMetadata.Parse(r.ReadBytesField(field, wireType, out var at), source, at);
                    break;
                default:
                    r.SkipField(wireType);
                    break;
            }
        }

        return new RaftSnapshot { Data = payload, Metadata = metadata };
    }
}
