using System.Globalization;
using System.Text;
using EtcdSnap.Formats.IO;

namespace EtcdSnap.Core.ManifestRestore;

/// <summary>
/// The file side of switching a static pod manifest the way kubeadm upgrades do: the original is copied into a
/// timestamped folder <em>beside</em> the manifests folder (the kubelet runs every file inside it, so a backup there
/// would be a second etcd pod), and the new text replaces the manifest in one <c>rename(2)</c>.
/// </summary>
internal static class ManifestFiles
{
    /// <summary>The prefix of backup folders: <c>/etc/kubernetes/etcdsnap-backup-manifests-&lt;UTC time&gt;</c>
    /// (kubeadm upgrade's is <c>kubeadm-backup-manifests-&lt;date&gt;</c>).</summary>
    public const string BackupPrefix = "etcdsnap-backup-manifests-";

    /// <summary>The prefix of the folders where rollback keeps the manifest it replaced.</summary>
    public const string RolledBackPrefix = "etcdsnap-rolled-back-manifests-";

    /// <summary>The prefix of the folders that hold control-plane manifests while they are out of the folder.</summary>
    public const string ControlPlanePrefix = "etcdsnap-control-plane-manifests-";

    private static readonly System.Text.RegularExpressions.Regex s_restoredSuffix =
        new(@"-restored-[0-9]{8}T[0-9]{6}Z(-[0-9]+)?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode PrivateDirectory = PrivateFile | UnixFileMode.UserExecute;

    /// <summary>The suffix of a restored data dir: <c>-restored-&lt;UTC time&gt;</c>.</summary>
    public const string RestoredMarker = "-restored-";

    /// <summary>The default new directory beside <paramref name="hostPath"/>: <c>&lt;path&gt;-restored-&lt;UTC time&gt;</c>.
    /// A path that is itself a restored directory keeps its base name (<c>/var/lib/etcd-restored-A</c> becomes
    /// <c>/var/lib/etcd-restored-B</c>, not <c>…-restored-A-restored-B</c>).</summary>
    /// <param name="hostPath">The current directory (a node path).</param>
    /// <param name="time">The time to name the new one after.</param>
    /// <param name="taken">Whether a candidate is already used; a second restore in the same second gets <c>-2</c>,
    /// <c>-3</c>…</param>
    public static string RestoredSibling(string hostPath, DateTimeOffset time, Func<string, bool>? taken = null)
    {
        var match = s_restoredSuffix.Match(hostPath);
        var basePath = (match.Success ? hostPath[..match.Index] : hostPath) + RestoredMarker + Timestamp(time);
        var candidate = basePath;
        for (var n = 2; candidate == hostPath || (taken?.Invoke(candidate) ?? false); n++)
        {
            candidate = basePath + "-" + n.ToString(CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    /// <summary>The UTC timestamp used in folder names, sortable: <c>20240205T080000Z</c>.</summary>
    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Where a folder named <paramref name="prefix"/> + timestamp goes: beside the manifests folder. A second
    /// operation in the same second gets a <c>-2</c>, <c>-3</c>… suffix.</summary>
    public static string SiblingFolder(string manifestPath, string prefix, DateTimeOffset time)
    {
        var manifests = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        var parent = Path.GetDirectoryName(manifests) ?? throw new OperationRefusedException(
            $"manifest \"{manifestPath}\" is in a file system root; there is no folder beside it for the backup");
        var baseName = Path.Combine(parent, prefix + Timestamp(time));
        var candidate = baseName;
        for (var n = 2; Directory.Exists(candidate) || File.Exists(candidate); n++)
        {
            candidate = baseName + "-" + n.ToString(CultureInfo.InvariantCulture);
        }

        return candidate;
    }

    /// <summary>Creates a private folder (0700) and makes its name durable.</summary>
    public static void CreateFolder(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, PrivateDirectory);
            DurableFile.FsyncDirectory(Path.GetDirectoryName(path)!);
        }
    }

    /// <summary>Writes <paramref name="bytes"/> to a new file (0600, fsynced); the file must not exist.</summary>
    public static void WriteNew(string path, byte[] bytes)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateFile;
        }

        using var stream = new FileStream(path, options);
        stream.Write(bytes);
        stream.Flush(flushToDisk: true);
    }

    /// <summary>
    /// Replaces <paramref name="path"/> with <paramref name="text"/> atomically: written as a dot-file in the same folder
    /// (same file system, and the kubelet ignores names starting with a dot), fsynced, renamed over the manifest, and
    /// the folder fsynced. The manifest's mode is kept.
    /// </summary>
    /// <exception cref="OperationRefusedException">The manifest changed since <paramref name="expectedCurrent"/> was read.</exception>
    public static void Replace(string path, string text, byte[] expectedCurrent)
    {
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full)!;
        if (!File.ReadAllBytes(full).AsSpan().SequenceEqual(expectedCurrent))
        {
            throw new OperationRefusedException($"manifest \"{full}\" changed while etcdsnap was working; nothing was switched")
            {
                Hint = "someone else is editing it; run the command again",
            };
        }

        var part = Path.Combine(folder, "." + Path.GetFileName(full) + ".etcdsnap.part");
        File.Delete(part); // A leftover of a crashed run; it was never live.
        try
        {
            WriteNew(part, Encoding.UTF8.GetBytes(text));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(part, File.GetUnixFileMode(full));
            }

            File.Move(part, full, overwrite: true);
            if (!OperatingSystem.IsWindows())
            {
                DurableFile.FsyncDirectory(folder);
            }
        }
        finally
        {
            File.Delete(part);
        }
    }

    /// <summary>Moves a file to another folder on the same file system (one rename) and fsyncs both folders.</summary>
    public static void Move(string from, string to)
    {
        File.Move(from, to, overwrite: false);
        if (!OperatingSystem.IsWindows())
        {
            DurableFile.FsyncDirectory(Path.GetDirectoryName(from)!);
            DurableFile.FsyncDirectory(Path.GetDirectoryName(to)!);
        }
    }
}
