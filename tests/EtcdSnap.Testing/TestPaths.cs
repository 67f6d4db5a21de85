namespace EtcdSnap.Testing;

/// <summary>Where things are in the source tree the tests run from.</summary>
public static class TestPaths
{
    /// <summary>The repository root: the first directory above the test's output that holds EtcdSnap.slnx.</summary>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EtcdSnap.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"cannot find the repository root (EtcdSnap.slnx) above {AppContext.BaseDirectory}");
    }
}
