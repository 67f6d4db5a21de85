using EtcdSnap.Formats.Bbolt;
using EtcdSnap.Formats.Mvcc;

namespace EtcdSnap.Core.ManifestRestore;

/// <summary>
/// How far a manifest restore moves the revision: <see cref="ManifestRestoreRequest.DefaultBump"/> past the snapshot's,
/// and further when the running etcd is already beyond that (it was itself restored with a bump): the restored revision
/// must be above every revision kube-apiserver's watch caches and informers have seen, or they would miss the change.
/// </summary>
internal static class RevisionBump
{
    /// <summary>The bump for a snapshot at <paramref name="snapshotRevision"/> when etcd serves
    /// <paramref name="currentRevision"/> (null when it does not answer); 0 with <paramref name="noBump"/>.</summary>
    public static ulong For(bool noBump, long snapshotRevision, long? currentRevision)
    {
        if (noBump)
        {
            return 0;
        }

        var bump = ManifestRestoreRequest.DefaultBump;
        if (currentRevision is { } current && snapshotRevision + (long)bump <= current)
        {
            bump = (ulong)(current - snapshotRevision) + ManifestRestoreRequest.DefaultBump;
        }

        return bump;
    }

    /// <summary>The snapshot's latest revision: the newest key of the <c>key</c> bucket (reads only the rightmost path
    /// of the tree); 0 for an empty keyspace.</summary>
    /// <exception cref="Formats.CorruptDataException">The file is not a bbolt db.</exception>
    public static long ReadSnapshotRevision(string path)
    {
        using var file = BboltFile.Open(path);
        var last = file.GetLastKey(BucketNames.Key);
        return last is null ? 0 : Revision.ReadMain(last) ?? 0;
    }
}
