using System.Security.Cryptography;
using EtcdSnap.Storage;

namespace EtcdSnap.Core.Backups;

/// <summary>
/// A private (0700) directory for a snapshot on its way into or out of a repository, removed with everything in it on
/// dispose. A local repository gets it inside its own root as a dot-directory (same file system, never listed as a
/// backup; no snapshot-sized file lands in a tmpfs /tmp); other repositories under <c>TMPDIR</c>. What a killed process
/// leaves behind is removed by a later run once it is a day old.
/// </summary>
internal sealed class ScratchDirectory : IDisposable
{
    private const string NamePrefix = ".etcdsnap-tmp-";
    private const int RandomLength = 8;
    private const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>How long a scratch directory must have gone untouched before another run removes it.</summary>
    internal static readonly TimeSpan AbandonedAfter = TimeSpan.FromDays(1);

    private ScratchDirectory(string path) => Path = path;

    /// <summary>The directory.</summary>
    public string Path { get; }

    /// <summary>Creates a scratch directory under <paramref name="parent"/>, or where <paramref name="repository"/> suggests.</summary>
    /// <param name="parent">An explicit parent (<c>--temp-dir</c>); missing levels are created 0700.</param>
    /// <param name="repository">The repository the snapshot goes to or comes from, when there is one.</param>
    /// <exception cref="IOException">The directory cannot be created.</exception>
    /// <exception cref="UnauthorizedAccessException">The parent is not writable.</exception>
    public static ScratchDirectory Create(string? parent, BackupStoreUrl? repository)
    {
        parent ??= repository is { Kind: BackupStoreKind.Local } local ? local.Container : System.IO.Path.GetTempPath();
        parent = System.IO.Path.GetFullPath(parent);
        RemoveAbandoned(parent);
        var path = System.IO.Path.Combine(parent, NamePrefix + RandomNumberGenerator.GetHexString(RandomLength, lowercase: true));
        CreatePrivate(path);
        return new ScratchDirectory(path);
    }

    /// <summary>
    /// Removes scratch directories a killed process left under <paramref name="parent"/> (each may hold a whole
    /// snapshot): ours by name, and untouched for <see cref="AbandonedAfter"/>, far longer than any live backup or
    /// download writes nothing.
    /// </summary>
    internal static void RemoveAbandoned(string parent)
    {
        if (!Directory.Exists(parent))
        {
            return;
        }

        try
        {
            foreach (var directory in new DirectoryInfo(parent).EnumerateDirectories(NamePrefix + "*"))
            {
                var suffix = directory.Name[NamePrefix.Length..];
                if (suffix.Length == RandomLength && suffix.All(char.IsAsciiHexDigitLower)
                    && LastWrite(directory) < DateTime.UtcNow - AbandonedAfter)
                {
                    directory.Delete(recursive: true);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Housekeeping only; never a reason to fail a backup.
        }
    }

    /// <summary>A path inside the directory.</summary>
    public string Combine(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Removes the directory and everything in it; failures are ignored (nothing more can be done).</summary>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the failure that ended the operation is the one to report.
        }
    }

    private static DateTime LastWrite(DirectoryInfo directory)
    {
        var newest = directory.LastWriteTimeUtc;
        foreach (var file in directory.EnumerateFiles())
        {
            newest = file.LastWriteTimeUtc > newest ? file.LastWriteTimeUtc : newest;
        }

        return newest;
    }

    // Directory.CreateDirectory(path, mode) applies the mode to the last level only; every level created here is ours,
    // so create them one by one, each 0700.
    private static void CreatePrivate(string path)
    {
        var missing = new Stack<string>();
        for (var d = path; !Directory.Exists(d); d = System.IO.Path.GetDirectoryName(d)!)
        {
            missing.Push(d);
        }

        while (missing.TryPop(out var directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, PrivateDirectory);
            }
        }
    }
}
