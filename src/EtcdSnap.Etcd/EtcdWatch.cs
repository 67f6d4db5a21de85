namespace EtcdSnap.Etcd;

/// <summary>What to watch (<c>etcdctl watch</c> flags).</summary>
public sealed record EtcdWatchOptions
{
    /// <summary>Watch every key under the given key (<c>--prefix</c>).</summary>
    public bool Prefix { get; init; }

    /// <summary>Replay history from this revision (<c>--rev</c>); 0 means from now. A revision older than the last
    /// compaction ends the watch with <see cref="EtcdRequestException.IsCompacted"/> and the compact revision.</summary>
    public long StartRevision { get; init; }

    /// <summary>Include each key's previous value in events (<c>--prev-kv</c>).</summary>
    public bool PrevKv { get; init; }

    /// <summary>Ask the server for periodic empty responses carrying the current revision.</summary>
    public bool ProgressNotify { get; init; }
}

/// <summary>Kind of change.</summary>
public enum EtcdWatchEventType
{
    /// <summary>A key was created or updated.</summary>
    Put,

    /// <summary>A key was deleted (or its lease expired).</summary>
    Delete,
}

/// <summary>One change of one key.</summary>
/// <param name="Type">Put or delete.</param>
/// <param name="Kv">The key after the change (for a delete: the key with ModRevision of the delete, no value).</param>
/// <param name="PrevKv">The key before the change, when asked for with <see cref="EtcdWatchOptions.PrevKv"/>.</param>
public sealed record EtcdWatchEvent(EtcdWatchEventType Type, EtcdKeyValue Kv, EtcdKeyValue? PrevKv);

/// <summary>A batch of events delivered together.</summary>
/// <param name="Revision">Store revision when the batch was sent.</param>
/// <param name="Events">The changes, in revision order; empty for a progress notification.</param>
public sealed record EtcdWatchResponse(long Revision, IReadOnlyList<EtcdWatchEvent> Events);
