using EtcdSnap.Formats.Protobuf;

namespace EtcdSnap.Formats.Raft;

/// <summary>raft's persistent vote state (raftpb.HardState), the payload of a WAL state record.</summary>
/// <remarks>Wire layout: <c>08 term</c> <c>10 vote</c> <c>18 commit</c>, all three always written.</remarks>
public sealed record HardState
{
    private const int TermField = 1;
    private const int VoteField = 2;
    private const int CommitField = 3;

    /// <summary>Current term.</summary>
    public ulong Term { get; init; }

    /// <summary>The member voted for in <see cref="Term"/> (0 = none).</summary>
    public ulong Vote { get; init; }

    /// <summary>Highest log index known to be committed.</summary>
    public ulong Commit { get; init; }

    /// <summary>True for the all-zero state, which etcd never writes to the WAL (<c>raft.IsEmptyHardState</c>).</summary>
    public bool IsEmpty => Term == 0 && Vote == 0 && Commit == 0;

    /// <summary>Encodes the state exactly as etcd does.</summary>
    public byte[] ToByteArray()
    {
        var w = new ProtoWriter(32);
        w.WriteUInt64(TermField, Term);
        w.WriteUInt64(VoteField, Vote);
        w.WriteUInt64(CommitField, Commit);
        return w.ToArray();
    }

    /// <summary>Decodes a state; unknown fields are skipped and missing fields are zero.</summary>
    /// <exception cref="CorruptDataException">The bytes are not a valid encoding.</exception>
    public static HardState Parse(ReadOnlySpan<byte> data, string source = "raftpb.HardState", long baseOffset = 0)
    {
        var r = new ProtoReader(data, source, baseOffset, "raftpb.HardState");
        ulong term = 0, vote = 0, commit = 0;
        while (r.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case TermField:
                    term = r.ReadVarintField(field, wireType);
                    break;
                case VoteField:
                    vote = r.ReadVarintField(field, wireType);
                    break;
                case CommitField:
                    commit = r.ReadVarintField(field, wireType);
                    break;
                default:
                    r.SkipField(wireType);
                    break;
            }
        }

        return new HardState { Term = term, Vote = vote, Commit = commit };
    }
}
