namespace EtcdSnap.Core.Inspection;

/// <summary>The objects added, removed and changed between two snapshots (what <c>etcdsnap diff</c> prints).</summary>
/// <remarks>
/// Changed means the value bytes differ (compared by SHA-256). A key whose bytes are equal but whose mod revision moved
/// (written again with the same content, or deleted and re-created identically) is listed in
/// <see cref="Rewritten"/>, not in <see cref="Changed"/>: nothing a reader of the object could see changed.
/// </remarks>
public sealed record SnapshotComparison
{
    /// <summary>The older snapshot.</summary>
    public required SnapshotSide Old { get; init; }

    /// <summary>The newer snapshot.</summary>
    public required SnapshotSide New { get; init; }

    /// <summary>The resource the filter named, resolved; null without a resource filter.</summary>
    public ResolvedResource? Resource { get; init; }

    /// <summary>Alive in the new snapshot only.</summary>
    public required IReadOnlyList<SnapshotObject> Added { get; init; }

    /// <summary>Alive in the old snapshot only.</summary>
    public required IReadOnlyList<SnapshotObject> Removed { get; init; }

    /// <summary>Alive in both, with different value bytes.</summary>
    public required IReadOnlyList<ObjectChange> Changed { get; init; }

    /// <summary>Alive in both with the same bytes, but written again (different mod revision).</summary>
    public required IReadOnlyList<ObjectChange> Rewritten { get; init; }

    /// <summary>Alive in both, same bytes, same revision.</summary>
    public required int Unchanged { get; init; }
}

/// <summary>One snapshot of a comparison.</summary>
/// <param name="Path">The file.</param>
/// <param name="Revision">Its revision.</param>
/// <param name="Secrets">Its Secrets and how many are stored unencrypted.</param>
public sealed record SnapshotSide(string Path, long Revision, SecretExposure Secrets);

/// <summary>An object in both snapshots.</summary>
/// <param name="Old">As in the old snapshot.</param>
/// <param name="New">As in the new snapshot.</param>
public sealed record ObjectChange(SnapshotObject Old, SnapshotObject New)
{
    /// <summary>True when the key was deleted and created again in between (its create revision moved).</summary>
    public bool Recreated => Old.CreateRevision != New.CreateRevision;
}
