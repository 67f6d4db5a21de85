namespace EtcdSnap.Etcd;

/// <summary>How to read keys (<c>etcdctl get</c> flags).</summary>
public sealed record EtcdRangeOptions
{
    /// <summary>Read every key that starts with the given key (<c>--prefix</c>); an empty key then means all keys.</summary>
    public bool Prefix { get; init; }

    /// <summary>Return keys and metadata without values (<c>--keys-only</c>).</summary>
    public bool KeysOnly { get; init; }

    /// <summary>Return only the number of keys (<c>--count-only</c>).</summary>
    public bool CountOnly { get; init; }

    /// <summary>At most this many keys; 0 means no limit (<c>--limit</c>).</summary>
    public long Limit { get; init; }

    /// <summary>Read the store as it was at this revision; 0 means the current revision (<c>--rev</c>).</summary>
    public long Revision { get; init; }

    /// <summary>Answer from this member's local data without asking the leader (<c>--consistency=s</c>).</summary>
    public bool Serializable { get; init; }
}
