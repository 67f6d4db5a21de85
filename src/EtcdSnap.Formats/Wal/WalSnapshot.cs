using EtcdSnap.Formats.Protobuf;
using EtcdSnap.Formats.Raft;

namespace EtcdSnap.Formats.Wal;

/// <summary>A snapshot marker in the WAL (walpb.Snapshot): "a raft snapshot at (index, term) exists".</summary>
/// <remarks>
/// Wire layout: <c>08 index</c> <c>10 term</c> (always) then <c>1a len ConfState</c> when <see cref="ConfState"/> is
/// set. Field 3 exists since etcd 3.5 (<c>server/wal/walpb/record.proto</c>); 3.5+ refuses to write a snapshot record
/// with index &gt; 0 without it (<c>walpb.ValidateSnapshotForWrite</c>), 3.4 does not know the field and skips it.
/// </remarks>
public sealed record WalSnapshot
{
    private const int IndexField = 1;
    private const int TermField = 2;
    private const int ConfStateField = 3;

    /// <summary>Raft index of the snapshot.</summary>
    public ulong Index { get; init; }

    /// <summary>Raft term of the snapshot.</summary>
    public ulong Term { get; init; }

    /// <summary>The configuration at the snapshot (3.5+); null when absent (3.4 form).</summary>
    public ConfState? ConfState { get; init; }

    /// <summary>Encodes the marker exactly as etcd does.</summary>
    public byte[] ToByteArray()
    {
        var w = new ProtoWriter(32);
        w.WriteUInt64(IndexField, Index);
        w.WriteUInt64(TermField, Term);
        if (ConfState is not null)
        {
            w.WriteBytes(ConfStateField, ConfState.ToByteArray());
        }

        return w.ToArray();
    }

    /// <summary>Decodes a marker; unknown fields are skipped and missing fields are zero.</summary>
    /// <exception cref="CorruptDataException">The bytes are not a valid encoding.</exception>
    public static WalSnapshot Parse(ReadOnlySpan<byte> data, string source = "walpb.Snapshot", long baseOffset = 0)
    {
        var r = new ProtoReader(data, source, baseOffset, "walpb.Snapshot");
        ulong index = 0, term = 0;
        ConfState? confState = null;
        while (r.TryReadTag(out var field, out var wireType))
        {
            switch (field)
            {
                case IndexField:
                    index = r.ReadVarintField(field, wireType);
                    break;
                case TermField:
                    term = r.ReadVarintField(field, wireType);
                    break;
                case ConfStateField:
                    confState = ConfState.Parse(r.ReadBytesField(field, wireType, out var at), source, at);
                    break;
                default:
                    r.SkipField(wireType);
                    break;
            }
        }

        return new WalSnapshot { Index = index, Term = term, ConfState = confState };
    }
}
