using System.Buffers.Binary;
using System.Text;
using EtcdSnap.Formats.Bbolt;

namespace EtcdSnap.Formats.Mvcc;

/// <summary>The values of etcd's <c>meta</c> bucket that restore and inspection care about (absent ones are null).</summary>
public sealed record EtcdMetaValues
{
    /// <summary><c>consistent_index</c>: the last raft index applied to the db.</summary>
    public ulong? ConsistentIndex { get; init; }

    /// <summary><c>term</c> (3.5+): the raft term of that entry.</summary>
    public ulong? Term { get; init; }

    /// <summary><c>storageVersion</c> (3.6+), as stored.</summary>
    public string? StorageVersion { get; init; }

    /// <summary><c>confState</c> (3.5+) JSON, as stored.</summary>
    public string? ConfState { get; init; }

    /// <summary><c>scheduledCompactRev</c>.</summary>
    public Revision? ScheduledCompactRevision { get; init; }

    /// <summary><c>finishedCompactRev</c>.</summary>
    public Revision? FinishedCompactRevision { get; init; }

    /// <summary>Values present but not in the expected shape (e.g. "consistent_index: 3 bytes, want 8"); left null above.</summary>
    public IReadOnlyList<string> Malformed { get; init; } = [];

    /// <summary>Reads the <c>meta</c> bucket of an open db (all-null when the bucket is missing).</summary>
    /// <exception cref="CorruptDataException">The bucket's pages are malformed.</exception>
    public static EtcdMetaValues Read(BboltFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var builder = new Builder();
        file.ForEach(BucketNames.Meta, (key, value, isBucket) =>
        {
            if (!isBucket)
            {
                builder.Add(key, value);
            }

            return true;
        });
        return builder.Build();
    }

    /// <summary>Collects meta entries during a walk.</summary>
    internal sealed class Builder
    {
        private readonly List<string> _malformed = [];
        private ulong? _consistentIndex;
        private ulong? _term;
        private string? _storageVersion;
        private string? _confState;
        private Revision? _scheduled;
        private Revision? _finished;

        public void Add(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
        {
            if (key.SequenceEqual(MetaKeys.ConsistentIndex))
            {
                _consistentIndex = ReadU64("consistent_index", value);
            }
            else if (key.SequenceEqual(MetaKeys.Term))
            {
                _term = ReadU64("term", value);
            }
            else if (key.SequenceEqual(MetaKeys.StorageVersion))
            {
                _storageVersion = Encoding.UTF8.GetString(value);
            }
            else if (key.SequenceEqual(MetaKeys.ConfState))
            {
                _confState = Encoding.UTF8.GetString(value);
            }
            else if (key.SequenceEqual(MetaKeys.ScheduledCompactRevision))
            {
                _scheduled = ReadRevision("scheduledCompactRev", value);
            }
            else if (key.SequenceEqual(MetaKeys.FinishedCompactRevision))
            {
                _finished = ReadRevision("finishedCompactRev", value);
            }
        }

        public EtcdMetaValues Build() => new()
        {
            ConsistentIndex = _consistentIndex,
            Term = _term,
            StorageVersion = _storageVersion,
            ConfState = _confState,
            ScheduledCompactRevision = _scheduled,
            FinishedCompactRevision = _finished,
            Malformed = _malformed,
        };

        private ulong? ReadU64(string name, ReadOnlySpan<byte> value)
        {
            if (value.Length == 8)
            {
                return BinaryPrimitives.ReadUInt64BigEndian(value);
            }

            _malformed.Add($"{name}: {value.Length} bytes, want 8");
            return null;
        }

        private Revision? ReadRevision(string name, ReadOnlySpan<byte> value)
        {
            if (Revision.TryParseKey(value, out var revision, out var tombstone) && !tombstone)
            {
                return revision;
            }

            _malformed.Add($"{name}: {value.Length} bytes that are not a revision key");
            return null;
        }
    }
}
