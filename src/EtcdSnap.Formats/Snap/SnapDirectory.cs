using EtcdSnap.Formats.Raft;
using EtcdSnap.Formats.Wal;

namespace EtcdSnap.Formats.Snap;

/// <summary>The <c>member/snap</c> directory as a restarting etcd sees it.</summary>
public static class SnapDirectory
{
    /// <summary>The snap files in <paramref name="snapDir"/>, newest (by name) first, as etcd lists them.</summary>
    public static IReadOnlyList<(SnapFileName Name, string Path)> List(string snapDir) =>
        Directory.EnumerateFiles(snapDir)
            .Select(p => (Ok: SnapFileName.TryParse(Path.GetFileName(p), out var n), Name: n, Path: p))
            .Where(x => x.Ok)
            .OrderByDescending(x => Path.GetFileName(x.Path), StringComparer.Ordinal)
            .Select(x => (x.Name, x.Path))
            .ToList();

    /// <summary>
    /// The newest snap file whose (term, index) matches one of <paramref name="walSnapshots"/>, as
    /// etcd's <c>Snapshotter.LoadNewestAvailable</c> picks it; null when none matches.
    /// </summary>
    /// <exception cref="CorruptDataException">The matching file is corrupt (etcd would rename it and try an older one;
    /// this never renames anything).</exception>
    public static (string Path, RaftSnapshot Snapshot)? LoadNewestAvailable(string snapDir, IEnumerable<WalSnapshot> walSnapshots)
    {
        var wanted = walSnapshots.Select(s => (s.Term, s.Index)).ToHashSet();
        foreach (var (name, path) in List(snapDir))
        {
            if (wanted.Contains((name.Term, name.Index)))
            {
                var snapshot = SnapFile.Read(path);
                if (snapshot.Metadata.Term != name.Term || snapshot.Metadata.Index != name.Index)
                {
                    throw new CorruptDataException(path, null,
                        $"file name says term {name.Term} index {name.Index}, the snapshot inside has term {snapshot.Metadata.Term} index {snapshot.Metadata.Index}");
                }

                return (path, snapshot);
            }
        }

        return null;
    }
}
