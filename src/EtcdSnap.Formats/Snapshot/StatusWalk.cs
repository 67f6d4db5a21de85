using System.Text;
using EtcdSnap.Formats.Bbolt;
using EtcdSnap.Formats.Hashing;
using EtcdSnap.Formats.Mvcc;

namespace EtcdSnap.Formats.Snapshot;

/// <summary>The visitors of the status pass: one for the root bucket, one for every top-level bucket's entries.</summary>
internal sealed class StatusWalk
{
    private readonly CheckState _state;
    private readonly StatusSemantics _semantics;
    private readonly ItemVisitor _items;
    private readonly HashSet<string>? _liveKeys;
    private uint _crc;
    private CurrentBucket _current;

    public StatusWalk(CheckState state, StatusSemantics semantics)
    {
        _state = state;
        _semantics = semantics;
        Root = new RootVisitor(this);
        _items = new ItemVisitor(this);
        if (semantics == StatusSemantics.Etcd36)
        {
            _liveKeys = new HashSet<string>(StringComparer.Ordinal);
        }
    }

    private enum CurrentBucket
    {
        Other,
        Key,
        Meta,
    }

    public IBucketVisitor Root { get; }

    public uint Hash => _crc;

    public long Revision { get; private set; }

    public long TotalKey { get; private set; }

    public long KeyBucketEntries { get; private set; }

    public long LiveKeyCount => _liveKeys?.Count ?? 0;

    public Revision? LatestRevision { get; private set; }

    public List<string> Buckets { get; } = [];

    public EtcdMetaValues.Builder Meta { get; } = new();

    private void OnTopLevelBucket(ReadOnlySpan<byte> name)
    {
        _crc = Crc32C.Append(_crc, name);
        Buckets.Add(Encoding.UTF8.GetString(name));
        _current = name.SequenceEqual(BucketNames.Key) ? CurrentBucket.Key
            : name.SequenceEqual(BucketNames.Meta) ? CurrentBucket.Meta
            : CurrentBucket.Other;
    }

    private void OnEntry(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool isBucket)
    {
        // bbolt's ForEach yields a nested bucket as (name, nil): only the name is hashed.
        _crc = Crc32C.Append(_crc, key);
        _crc = Crc32C.Append(_crc, value);
        TotalKey++;
        switch (_current)
        {
            case CurrentBucket.Key:
                OnRevisionKey(key, value);
                break;
            case CurrentBucket.Meta when !isBucket:
                Meta.Add(key, value);
                break;
            default:
                break;
        }
    }

    private void OnRevisionKey(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        KeyBucketEntries++;
        if (Mvcc.Revision.ReadMain(key) is not { } main)
        {
            // etcd 3.4/3.5 slice k[0:8] and would panic; 3.6 rejects the key.
            _state.Add(null, BboltFindingKind.Malformed, $"key bucket: key {Convert.ToHexStringLower(key)} is shorter than a revision");
            return;
        }

        Revision = main;
        if (key.Length >= Mvcc.Revision.KeyLength)
        {
            var sub = System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(key[9..]);
            var revision = new Revision(main, sub);
            if (LatestRevision is not { } latest || revision > latest)
            {
                LatestRevision = revision;
            }
        }

        if (_semantics == StatusSemantics.Etcd36)
        {
            CountLiveKey(key, value);
        }
    }

    // etcd 3.6 (PR #19344): replay the key bucket; a put adds kv.key, a tombstone removes it.
    private void CountLiveKey(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        if (!Mvcc.Revision.TryParseKey(key, out _, out var tombstone))
        {
            _state.Add(null, BboltFindingKind.Malformed, $"key bucket: {Convert.ToHexStringLower(key)} is not a revision key");
            return;
        }

        if (!MvccKeyValue.TryParse(value, out var kv))
        {
            _state.Add(null, BboltFindingKind.Malformed, $"key bucket: value at {Convert.ToHexStringLower(key)} is not a KeyValue");
            return;
        }

        var userKey = Encoding.Latin1.GetString(kv.Key);
        if (tombstone)
        {
            _liveKeys!.Remove(userKey);
        }
        else
        {
            _liveKeys!.Add(userKey);
        }
    }

    private sealed class RootVisitor(StatusWalk walk) : IBucketVisitor
    {
        public bool OnItem(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
        {
            // etcd: "cannot get hash of bucket %s" and no status at all.
            walk._state.Add(null, BboltFindingKind.Malformed,
                $"cannot get hash of bucket {Encoding.UTF8.GetString(key)}: a top-level entry that is not a bucket");
            return true;
        }

        public bool OnBucket(ReadOnlySpan<byte> key, ReadOnlySpan<byte> header, out IBucketVisitor? content)
        {
            walk.OnTopLevelBucket(key);
            content = walk._items;
            return true;
        }
    }

    private sealed class ItemVisitor(StatusWalk walk) : IBucketVisitor
    {
        public bool OnItem(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
        {
            walk.OnEntry(key, value, isBucket: false);
            return true;
        }

        public bool OnBucket(ReadOnlySpan<byte> key, ReadOnlySpan<byte> header, out IBucketVisitor? content)
        {
            walk.OnEntry(key, default, isBucket: true);
            content = null;
            return true;
        }
    }
}
