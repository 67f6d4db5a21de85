using EtcdSnap.Formats.Protobuf;

namespace EtcdSnap.Formats.Raft;

/// <summary>A raft log entry (raftpb.Entry), the payload of a WAL entry record.</summary>
/// <remarks>
/// Wire layout (gogo, fields in ascending number, the first three always written):
/// <c>08 Type</c> <c>10 Term</c> <c>18 Index</c> then <c>22 len Data</c> when <see cref="Data"/> is not null.
/// Note Term is field 2, Index 3 and Type 1 (etcd <c>raft/raftpb/raft.proto</c>).
/// </remarks>
public sealed record Entry
{
    private const int TypeField = 1;
    private const int TermField = 2;
    private const int IndexField = 3;
    private const int DataField = 4;

    /// <summary>The raft term the entry was proposed in.</summary>
    public ulong Term { get; init; }

    /// <summary>The log index.</summary>
    public ulong Index { get; init; }

    /// <summary>What <see cref="Data"/> holds.</summary>
    public EntryType Type { get; init; }

    /// <summary>The payload; null when the field is absent (which gogo distinguishes from empty).</summary>
    public byte[]? Data { get; init; }

    /// <summary>Encodes the entry exactly as etcd does.</summary>
    public byte[] ToByteArray()
    {
        var w = new ProtoWriter(24 + (Data?.Length ?? 0));
        WriteTo(w);
        return w.ToArray();
    }

    internal void WriteTo(ProtoWriter w)
    {
        w.WriteInt64(TypeField, (int)Type);
        w.WriteUInt64(TermField, Term);
        w.WriteUInt64(IndexField, Index);
        if (Data is not null)
        {
            w.WriteBytes(DataField, Data);
        }
    }

    /// <summary>Decodes an entry; unknown fields are skipped and missing fields are zero.</summary>
    /// <exception cref="CorruptDataException">The bytes are not a valid encoding.</exception>
    public static Entry Parse(ReadOnlySpan<byte> data, string source = "raftpb.Entry", long baseOffset = 0)
    {
        var r = new ProtoReader(data, source, baseOffset, "raftpb.Entry");
        ulong term = 0, index = 0;
        long type = 0;
        byte[]? payload = null;
        while (r.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case TypeField:
                    type = (long)r.ReadVarintField(field, wireType);
                    break;
                case TermField:
                    term = r.ReadVarintField(field, wireType);
                    break;
                case IndexField:
                    index = r.ReadVarintField(field, wireType);
                    break;
                case DataField:
                    payload = r.ReadBytesField(field, wireType).ToArray();
                    break;
                default:
                    r.SkipField(wireType);
                    break;
            }
        }

        return new Entry { Term = term, Index = index, Type = (EntryType)(int)type, Data = payload };
    }
}
