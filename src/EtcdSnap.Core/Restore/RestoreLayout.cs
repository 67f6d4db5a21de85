using EtcdSnap.Formats.Membership;

namespace EtcdSnap.Core.Restore;

/// <summary>Where one member's files are built and where they end up.</summary>
/// <param name="State">The member's WAL, snap and identity.</param>
/// <param name="StagedDataDir">The data dir being built (hidden until commit).</param>
/// <param name="StagedWalDir">The WAL dir being built; must not exist before the WAL writer runs.</param>
/// <param name="DataDir">The final data dir.</param>
/// <param name="WalDir">The final WAL dir.</param>
internal sealed record MemberPaths(RestoredMemberState State, string StagedDataDir, string StagedWalDir, string DataDir, string WalDir)
{
    /// <summary><c>member/snap</c> of the data dir being built.</summary>
    public string StagedSnapDir => Path.Combine(StagedDataDir, "member", "snap");

    /// <summary>The db file being built.</summary>
    public string StagedDb => Path.Combine(StagedSnapDir, "db");
}

/// <summary>
/// The directories of a restore: the data dir (or the parent of one data dir per member) and a separate WAL dir, each
/// checked as etcdutl checks them, built hidden, and committed together: the WAL dir first, the data dir last, so
/// the data dir never appears without its WAL.
/// </summary>
internal sealed class RestoreLayout : IDisposable
{
    private readonly StagedDirectory _data;
    private readonly StagedDirectory? _wal;

    private RestoreLayout(StagedDirectory data, StagedDirectory? wal, IReadOnlyList<MemberPaths> members)
    {
        _data = data;
        _wal = wal;
        Members = members;
    }

    /// <summary>The members to write, in the order of <see cref="RestoreCluster.States"/>.</summary>
    public IReadOnlyList<MemberPaths> Members { get; }

    /// <summary>Refuses existing targets (etcdutl's rules) and prepares the hidden directories.</summary>
    /// <exception cref="OperationRefusedException">The data dir is not empty, or the WAL dir exists.</exception>
    /// <exception cref="ClusterConfigurationException">The WAL dir is the data dir or one of its parents.</exception>
    /// <exception cref="IOException">A staging directory cannot be created.</exception>
    public static RestoreLayout Prepare(RestoreOptions options, RestoreCluster cluster)
    {
        ArgumentNullException.ThrowIfNull(options);
        var finalData = Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.DataDir));
        string? finalWal = options.WalDir is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(options.WalDir));
        if (finalWal is not null && (finalWal == finalData || IsUnder(finalData, finalWal)))
        {
            throw new ClusterConfigurationException($"--wal-dir \"{options.WalDir}\" must not be the data dir or one of its parents");
        }

        var separateWal = finalWal is not null && !IsUnder(finalWal, finalData);
        var data = StagedDirectory.Prepare(options.DataDir, "data-dir", allowEmpty: true);
        StagedDirectory? wal = null;
        try
        {
            // etcdutl checks the data dir first, then the WAL dir.
            wal = separateWal ? StagedDirectory.Prepare(finalWal!, "wal-dir", allowEmpty: false) : null;
            StagedDirectory.CreatePrivateDirectory(data.ContentPath);
            var members = cluster.States.Select(state =>
            {
                var (staged, final) = options.AllMembers
                    ? (Path.Combine(data.ContentPath, state.Cluster.Local.Name), Path.Combine(data.FinalPath, state.Cluster.Local.Name))
                    : (data.ContentPath, data.FinalPath);
                var (stagedWal, walDir) = finalWal switch
                {
                    null => (Path.Combine(staged, "member", "wal"), Path.Combine(final, "member", "wal")),
                    _ when separateWal => (wal!.ContentPath, finalWal),
                    _ => (Path.Combine(staged, Path.GetRelativePath(final, finalWal)), finalWal),
                };
                return new MemberPaths(state, staged, stagedWal, final, walDir);
            }).ToList();
            return new RestoreLayout(data, wal, members);
        }
        catch
        {
            wal?.Dispose();
            data.Dispose();
            throw;
        }
    }

    /// <summary>Renames everything into place: the separate WAL dir, then the data dir(s).</summary>
    /// <exception cref="OperationRefusedException">A target appeared meanwhile (nothing is left in place).</exception>
    /// <exception cref="IOException">A rename failed (nothing is left in place).</exception>
    public void Commit()
    {
        _wal?.Commit();
        try
        {
            _data.Commit();
        }
        catch
        {
            _wal?.Undo();
            throw;
        }
    }

    /// <summary>Removes everything that was not committed.</summary>
    public void Dispose()
    {
        _data.Dispose();
        _wal?.Dispose();
    }

    private static bool IsUnder(string path, string directory) =>
        path.StartsWith(directory + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
