namespace EtcdSnap.Kubernetes.Manifests;

/// <summary>
/// Path arithmetic on Linux paths as they appear in a pod spec and on a node, independent of the OS this process runs on
/// (System.IO.Path would use Windows rules on Windows).
/// </summary>
internal static class UnixPath
{
    /// <summary>Lexically cleans a path the way Go's <c>path.Clean</c> does: collapses <c>//</c>, <c>.</c> and <c>..</c>,
    /// drops a trailing slash; <c>""</c> becomes <c>"."</c>.</summary>
    public static string Clean(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }

        var rooted = path[0] == '/';
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0 && parts[^1] != "..")
                {
                    parts.RemoveAt(parts.Count - 1);
                }
                else if (!rooted)
                {
                    parts.Add(part);
                }

                continue;
            }

            parts.Add(part);
        }

        var joined = string.Join('/', parts);
        return rooted ? "/" + joined : (joined.Length == 0 ? "." : joined);
    }

    public static bool IsAbsolute(string path) => path.Length > 0 && path[0] == '/';

    /// <summary>True when <paramref name="path"/> is <paramref name="directory"/> or below it, compared segment by
    /// segment (so <c>/var/lib/etcd2</c> is not under <c>/var/lib/etcd</c>). Both must be clean.</summary>
    public static bool IsWithin(string path, string directory) =>
        string.Equals(path, directory, StringComparison.Ordinal)
        || directory == "/"
        || (path.Length > directory.Length && path[directory.Length] == '/'
            && path.StartsWith(directory, StringComparison.Ordinal));

    /// <summary>The part of clean <paramref name="path"/> below clean <paramref name="directory"/>, without a leading
    /// slash; <c>""</c> when they are equal. The caller checks <see cref="IsWithin"/> first.</summary>
    public static string Below(string path, string directory) =>
        string.Equals(path, directory, StringComparison.Ordinal) ? ""
        : directory == "/" ? path[1..]
        : path[(directory.Length + 1)..];

    /// <summary>Joins and cleans; an empty <paramref name="relative"/> returns <paramref name="directory"/>.</summary>
    public static string Join(string directory, string relative) =>
        relative.Length == 0 ? Clean(directory) : Clean(directory + "/" + relative);

    /// <summary>Where node path <paramref name="nodePath"/> is found when the node's root filesystem is mounted at
    /// <paramref name="hostRoot"/> (<c>/</c> on the node itself).</summary>
    public static string UnderRoot(string hostRoot, string nodePath)
    {
        var root = Clean(hostRoot);
        return root == "/" ? nodePath : Join(root, nodePath.TrimStart('/'));
    }

    /// <summary>The last path segment ("etcd" for "/usr/local/bin/etcd").</summary>
    public static string BaseName(string path)
    {
        var trimmed = path.TrimEnd('/');
        var slash = trimmed.LastIndexOf('/');
        return slash < 0 ? trimmed : trimmed[(slash + 1)..];
    }

    /// <summary>The parent directory of a clean absolute path.</summary>
    public static string Directory(string path)
    {
        var slash = path.LastIndexOf('/');
        return slash <= 0 ? "/" : path[..slash];
    }
}
