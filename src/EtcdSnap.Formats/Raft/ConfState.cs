using EtcdSnap.Formats.Protobuf;

namespace EtcdSnap.Formats.Raft;

/// <summary>The voters and learners of a raft configuration (raftpb.ConfState).</summary>
/// <remarks>
/// Wire layout: every id of <see cref="Voters"/> as its own <c>08 id</c> (proto2 <c>repeated</c>, unpacked), then
/// <c>10</c> learners, <c>18</c> voters_outgoing, <c>20</c> learners_next the same way, then <c>28 auto_leave</c>,
/// which is always written (<c>28 00</c>). The reader also accepts packed runs.
/// </remarks>
public sealed record ConfState
{
    private const int VotersField = 1;
    private const int LearnersField = 2;
    private const int VotersOutgoingField = 3;
    private const int LearnersNextField = 4;
    private const int AutoLeaveField = 5;

    /// <summary>Voting members, in the order written (restore: ascending ID).</summary>
    public IReadOnlyList<ulong> Voters { get; init; } = [];

    /// <summary>Learners.</summary>
    public IReadOnlyList<ulong> Learners { get; init; } = [];

    /// <summary>Voters of the outgoing configuration during a joint change.</summary>
    public IReadOnlyList<ulong> VotersOutgoing { get; init; } = [];

    /// <summary>Learners to add when leaving a joint configuration.</summary>
    public IReadOnlyList<ulong> LearnersNext { get; init; } = [];

    /// <summary>Whether a joint configuration is left automatically.</summary>
    public bool AutoLeave { get; init; }

    /// <summary>Encodes the configuration exactly as etcd does.</summary>
    public byte[] ToByteArray()
    {
        var w = new ProtoWriter(8 + (11 * (Voters.Count + Learners.Count)));
        WriteList(w, VotersField, Voters);
        WriteList(w, LearnersField, Learners);
        WriteList(w, VotersOutgoingField, VotersOutgoing);
        WriteList(w, LearnersNextField, LearnersNext);
        w.WriteBool(AutoLeaveField, AutoLeave);
        return w.ToArray();
    }

    private static void WriteList(ProtoWriter w, int field, IReadOnlyList<ulong> ids)
    {
        foreach (var id in ids)
        {
            w.WriteUInt64(field, id);
        }
    }

    /// <summary>Decodes a configuration; unknown fields are skipped and missing fields are empty.</summary>
    /// <exception cref="CorruptDataException">The bytes are not a valid encoding.</exception>
    public static ConfState Parse(ReadOnlySpan<byte> data, string source = "raftpb.ConfState", long baseOffset = 0)
    {
        var r = new ProtoReader(data, source, baseOffset, "raftpb.ConfState");
        List<ulong> voters = [], learners = [], outgoing = [], next = [];
        var autoLeave = false;
        while (r.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case VotersField:
                    r.ReadRepeatedUInt64(field, wireType, voters);
                    break;
                case LearnersField:
                    r.ReadRepeatedUInt64(field, wireType, learners);
                    break;
                case VotersOutgoingField:
                    r.ReadRepeatedUInt64(field, wireType, outgoing);
                    break;
                case LearnersNextField:
                    r.ReadRepeatedUInt64(field, wireType, next);
                    break;
                case AutoLeaveField:
                    autoLeave = r.ReadVarintField(field, wireType) != 0;
                    break;
                default:
                    r.SkipField(wireType);
                    break;
            }
        }

        return new ConfState { Voters = voters, Learners = learners, VotersOutgoing = outgoing, LearnersNext = next, AutoLeave = autoLeave };
    }

    /// <summary>Value equality over the id lists (records compare lists by reference otherwise).</summary>
    public bool Equals(ConfState? other) =>
        other is not null
        && Voters.SequenceEqual(other.Voters)
        && Learners.SequenceEqual(other.Learners)
        && VotersOutgoing.SequenceEqual(other.VotersOutgoing)
        && LearnersNext.SequenceEqual(other.LearnersNext)
        && AutoLeave == other.AutoLeave;

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var id in Voters)
        {
            h.Add(id);
        }

        h.Add(Learners.Count);
        h.Add(AutoLeave);
        return h.ToHashCode();
    }
}
