using EtcdSnap.Formats.Protobuf;

namespace EtcdSnap.Formats.Raft;

/// <summary>Where a raft snapshot sits in the log and the configuration at that point (raftpb.SnapshotMetadata).</summary>
/// <remarks>
/// Wire layout: <c>0a len ConfState</c> (always, even when empty: <c>0a 02 28 00</c>), <c>10 index</c>, <c>18 term</c>.
/// </remarks>
public sealed record SnapshotMetadata
{
    private const int ConfStateField = 1;
    private const int IndexField = 2;
    private const int TermField = 3;

    /// <summary>The configuration as of <see cref="Index"/>.</summary>
    public ConfState ConfState { get; init; } = new();

    /// <summary>Index of the last entry the snapshot covers.</summary>
    public ulong Index { get; init; }

    /// <summary>Term of that entry.</summary>
    public ulong Term { get; init; }

    /// <summary>Encodes the metadata exactly as etcd does.</summary>
    public byte[] ToByteArray()
    {
        var w = new ProtoWriter(32);
        w.WriteBytes(ConfStateField, ConfState.ToByteArray());
        w.WriteUInt64(IndexField, Index);
        w.WriteUInt64(TermField, Term);
        return w.ToArray();
    }

    /// <summary>Decodes metadata; unknown fields are skipped and missing fields are zero.</summary>
    /// <exception cref="CorruptDataException">The bytes are not a valid encoding.</exception>
    public static SnapshotMetadata Parse(ReadOnlySpan<byte> data, string source = "raftpb.SnapshotMetadata", long baseOffset = 0)
    {
        var r = new ProtoReader(data, source, baseOffset, "raftpb.SnapshotMetadata");
        var confState = new ConfState();
        ulong index = 0, term = 0;
        while (r.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case ConfStateField:
                    confState = ConfState.Parse(r.ReadBytesField(field, wireType, out var at), source, at);
                    break;
                case IndexField:
                    index = r.ReadVarintField(field, wireType);
                    break;
                case TermField:
                    term = r.ReadVarintField(field, wireType);
                    break;
                default:
                    r.SkipField(wireType);
                    break;
            }
        }

        return new SnapshotMetadata { ConfState = confState, Index = index, Term = term };
    }
}
