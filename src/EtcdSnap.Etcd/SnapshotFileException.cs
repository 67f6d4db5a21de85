using EtcdSnap.Formats;

namespace EtcdSnap.Etcd;

/// <summary>Why a snapshot file could not be written.</summary>
public enum SnapshotFileProblem
{
    /// <summary>The target file already exists; it is never overwritten.</summary>
    TargetExists,

    /// <summary><c>FILE.part</c> exists: another save is running, or an earlier one was killed.</summary>
    PartFileExists,

    /// <summary>The directory cannot be written (permissions, read-only file system).</summary>
    NotWritable,

    /// <summary>The file system is full (or the quota is exhausted).</summary>
    DiskFull,

    /// <summary>Another I/O error.</summary>
    Other,
}

/// <summary>
/// Writing the snapshot file failed for a reason on this machine (not etcd's): the target exists, the directory is not
/// writable, the disk is full. The message is one line naming the path and the cause.
/// </summary>
public sealed class SnapshotFileException(SnapshotFileProblem problem, string path, string message, Exception? inner = null)
    : IOException(message, inner)
{
    /// <summary>What went wrong.</summary>
    public SnapshotFileProblem Problem { get; } = problem;

    /// <summary>The file or directory concerned.</summary>
    public string Path { get; } = path;

    /// <summary>A concrete next step for the user, when there is one.</summary>
    public string? Hint { get; init; }

    /// <summary>Classifies an I/O exception from writing <paramref name="path"/> by its errno.</summary>
    internal static SnapshotFileException From(Exception e, string path, string doing)
    {
        if (e is SnapshotFileException same)
        {
            return same;
        }

        // On Unix, .NET puts the raw errno into IOException.HResult for errors it has no dedicated type for;
        // EACCES/EPERM become UnauthorizedAccessException.
        const int ENOSPC = 28, EROFS = 30, EDQUOT = 122, EACCES = 13, EPERM = 1, EEXIST = 17;
        var errno = e.HResult;
        var text = Reason(e);
        if (errno is ENOSPC or EDQUOT || text.Contains("No space left", StringComparison.Ordinal))
        {
            return new SnapshotFileException(SnapshotFileProblem.DiskFull, path, $"{doing} \"{path}\": disk full ({text})", e)
            {
                Hint = "free space on that file system or save to another directory",
            };
        }

        if (e is UnauthorizedAccessException || errno is EROFS or EACCES or EPERM
            || text.Contains("Read-only file system", StringComparison.Ordinal))
        {
            return new SnapshotFileException(SnapshotFileProblem.NotWritable, path, $"{doing} \"{path}\": not writable ({text})", e)
            {
                Hint = "choose a directory this user can write to",
            };
        }

        if (errno == EEXIST)
        {
            return TargetExists(path, e);
        }

        return new SnapshotFileException(SnapshotFileProblem.Other, path, $"{doing} \"{path}\": {text}", e);
    }

    /// <summary>The system's reason without the path .NET appends (<c>No space left on device : '/x'</c>).</summary>
    private static string Reason(Exception e)
    {
        if (e is UnauthorizedAccessException)
        {
            return "permission denied";
        }

        var text = OneLine.Flatten(e.Message);
        var suffix = text.LastIndexOf(" : '", StringComparison.Ordinal);
        return suffix > 0 && text.EndsWith('\'') ? text[..suffix] : text;
    }

    internal static SnapshotFileException TargetExists(string path, Exception? inner = null) =>
        new(SnapshotFileProblem.TargetExists, path, $"snapshot file \"{path}\" already exists; refusing to overwrite it", inner)
        {
            Hint = "choose a new file name, or move the existing file away first",
        };
}
