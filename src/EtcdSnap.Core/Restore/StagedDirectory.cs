using System.Security.Cryptography;
using EtcdSnap.Formats.IO;

namespace EtcdSnap.Core.Restore;

/// <summary>
/// A directory a restore builds somewhere hidden and renames into its final place at the end, so that the final path
/// shows either nothing or a complete result. On dispose without commit, everything it created is removed again:
/// the hidden staging directory and any missing ancestors it had to create.
/// </summary>
/// <remarks>
/// <para>A missing final path is built in a sibling <c>.&lt;name&gt;.etcdsnap-restore-XXXXXXXX</c> (same file system,
/// so the last step is one <c>rename(2)</c>). An existing empty directory (etcdutl 3.5+ accepts one; often a mount
/// point, which can be neither replaced nor renamed) gets the staging directory inside it, and commit renames each
/// entry into it, <c>member</c> last.</para>
/// <para>Directories are created 0700 (etcd's <c>fileutil.PrivateDirMode</c>). A crash (power loss, SIGKILL) can leave
/// the hidden staging directory behind; it is never mistaken for a data dir and is safe to delete.</para>
/// </remarks>
internal sealed class StagedDirectory : IDisposable
{
    /// <summary>The marker in every staging directory name.</summary>
    public const string StagingMarker = ".etcdsnap-restore-";

    private readonly string _stagingRoot;
    private readonly bool _finalExisted;
    private readonly List<string> _createdAncestors;
    private readonly List<string> _placed = [];
    private bool _committed;

    private StagedDirectory(string finalPath, string stagingRoot, bool finalExisted, List<string> createdAncestors)
    {
        FinalPath = finalPath;
        _stagingRoot = stagingRoot;
        _finalExisted = finalExisted;
        _createdAncestors = createdAncestors;
        ContentPath = Path.Combine(stagingRoot, "content");
    }

    /// <summary>The absolute final path.</summary>
    public string FinalPath { get; }

    /// <summary>Where the caller builds the content (not created yet); after commit its entries are at
    /// <see cref="FinalPath"/>.</summary>
    public string ContentPath { get; }

    /// <summary>
    /// Checks <paramref name="path"/> and creates the hidden staging directory for it.
    /// </summary>
    /// <param name="path">The final directory.</param>
    /// <param name="flag">The flag it came from, for messages (<c>data-dir</c> or <c>wal-dir</c>).</param>
    /// <param name="allowEmpty">Accept an existing empty directory (data dirs, as etcdutl 3.5+); else it must not exist.</param>
    /// <exception cref="OperationRefusedException">The path exists (and is not an empty directory when allowed).</exception>
    /// <exception cref="IOException">The staging directory cannot be created.</exception>
    public static StagedDirectory Prepare(string path, string flag, bool allowEmpty)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var name = Path.GetFileName(full);
        var parent = Path.GetDirectoryName(full);
        if (parent is null || name.Length == 0)
        {
            throw new OperationRefusedException($"{flag} \"{path}\" is a file system root; restore into a directory below it");
        }

        var existed = Directory.Exists(full);
        if (existed || File.Exists(full) || IsDanglingLink(full))
        {
            CheckExisting(full, path, flag, allowEmpty && existed);
        }

        var created = new List<string>();
        try
        {
            CreateMissingAncestors(parent, created);
            var root = existed
                ? Path.Combine(full, StagingMarker + RandomSuffix())
                : Path.Combine(parent, "." + name + StagingMarker + RandomSuffix());
            CreatePrivateDirectory(root);
            return new StagedDirectory(full, root, existed, created);
        }
        catch
        {
            RemoveEmpty(created);
            throw;
        }
    }

    /// <summary>Creates <paramref name="path"/> with mode 0700, and missing parents also 0700 (.NET would give the
    /// parents the umask's mode).</summary>
    public static void CreatePrivateDirectory(string path)
    {
        var parent = Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(path));
        if (parent is not null && !Directory.Exists(parent))
        {
            CreatePrivateDirectory(parent);
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    /// <summary>
    /// Moves the content into place and flushes the directory entries. Fails, changing nothing, when the final path
    /// appeared (or stopped being empty) in the meantime.
    /// </summary>
    /// <exception cref="OperationRefusedException">The final path was created by someone else meanwhile.</exception>
    /// <exception cref="IOException">A rename failed.</exception>
    public void Commit()
    {
        FlushTree(ContentPath);
        if (!_finalExisted)
        {
            if (Directory.Exists(FinalPath) || File.Exists(FinalPath))
            {
                throw Refused(FinalPath, "appeared while the restore was running");
            }

            Directory.Move(ContentPath, FinalPath);
            _placed.Add(FinalPath);
        }
        else
        {
            // "member" last: a data dir counts as a member only once member/ (with its WAL) is there.
            var entries = Directory.EnumerateFileSystemEntries(ContentPath)
                .OrderBy(e => Path.GetFileName(e) == "member" ? 1 : 0).ThenBy(e => e, StringComparer.Ordinal).ToList();
            foreach (var entry in entries)
            {
                var target = Path.Combine(FinalPath, Path.GetFileName(entry));
                if (Directory.Exists(target) || File.Exists(target))
                {
                    throw Refused(FinalPath, $"gained \"{Path.GetFileName(entry)}\" while the restore was running");
                }

                Directory.Move(entry, target);
                _placed.Add(target);
            }

            DurableFile.FsyncDirectory(FinalPath);
        }

        // Durable before it counts as done: a failed flush rolls back like a failed rename (Dispose undoes it).
        DurableFile.FsyncDirectory(Path.GetDirectoryName(FinalPath)!);
        _committed = true;
        TryDelete(_stagingRoot);
    }

    /// <summary>After a commit: removes what it placed (a later step failed). Never throws.</summary>
    public void Undo()
    {
        RemovePlaced();
        RemoveEmpty(_createdAncestors);
    }

    /// <summary>Without a commit: removes the staging directory and the ancestors created for it. Never throws.</summary>
    public void Dispose()
    {
        if (_committed)
        {
            return;
        }

        // A partial commit (a rename failed half-way) is rolled back too.
        RemovePlaced();
        TryDelete(_stagingRoot);
        RemoveEmpty(_createdAncestors);
    }

    private void RemovePlaced()
    {
        foreach (var placed in Enumerable.Reverse(_placed))
        {
            TryDelete(placed);
        }

        _placed.Clear();
    }

    private static void CheckExisting(string full, string given, string flag, bool mayBeEmpty)
    {
        if (!mayBeEmpty)
        {
            // etcdutl: "wal-dir %q exists"; etcdctl 3.4: "data-dir %q exists".
            throw Refused(given, "exists", flag);
        }

        string[] entries;
        try
        {
            entries = Directory.GetFileSystemEntries(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OperationRefusedException($"{flag} \"{given}\" not empty or could not be read: {e.Message}", e);
        }

        if (entries.Length > 0)
        {
            var leftovers = entries.All(e => Path.GetFileName(e).StartsWith(StagingMarker, StringComparison.Ordinal));
            throw new OperationRefusedException($"{flag} \"{given}\" not empty or could not be read")
            {
                Hint = leftovers
                    ? $"it only holds {Path.GetFileName(entries[0])}, left by an interrupted restore: delete it and run again"
                    : "restore into a new or empty directory; move the existing one aside first (etcdsnap never deletes it)",
            };
        }
    }

    private static OperationRefusedException Refused(string path, string what, string flag = "target") =>
        new($"{flag} \"{path}\" {what}")
        {
            Hint = "restore into a new or empty directory; move the existing one aside first (etcdsnap never deletes it)",
        };

    private static void CreateMissingAncestors(string directory, List<string> created)
    {
        var missing = new Stack<string>();
        for (var d = directory; d is not null && !Directory.Exists(d); d = Path.GetDirectoryName(d))
        {
            missing.Push(d);
        }

        while (missing.TryPop(out var d))
        {
            CreatePrivateDirectory(d);
            created.Add(d);
        }
    }

    // Deepest first, and only while empty: never a directory someone else put something into meanwhile.
    private static void RemoveEmpty(List<string> created)
    {
        for (var i = created.Count - 1; i >= 0; i--)
        {
            try
            {
                if (Directory.Exists(created[i]) && !Directory.EnumerateFileSystemEntries(created[i]).Any())
                {
                    Directory.Delete(created[i]);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return;
            }
        }

        created.Clear();
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else
            {
                File.Delete(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Cleanup must not hide the error that caused it.
        }
    }

    // Every file was fsynced by its writer; the directory entries (names of new files and subdirectories) still need it.
    private static void FlushTree(string root)
    {
        foreach (var dir in Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories).Append(root))
        {
            DurableFile.FsyncDirectory(dir);
        }
    }

    private static bool IsDanglingLink(string path) => new FileInfo(path).LinkTarget is not null;

    private static string RandomSuffix() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
}
