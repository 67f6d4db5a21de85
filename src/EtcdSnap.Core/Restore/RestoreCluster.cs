using EtcdSnap.Formats.Membership;

namespace EtcdSnap.Core.Restore;

/// <summary>
/// The new cluster of a restore and the members this run writes, after etcd's checks (VerifyBootstrap, duplicate IDs)
/// and ours (flag combinations, member names usable as directory names).
/// </summary>
internal sealed class RestoreCluster
{
    private RestoreCluster(BootstrapCluster cluster, IReadOnlyList<RestoredMemberState> states, MemberStateOptions stateOptions)
    {
        Cluster = cluster;
        States = states;
        StateOptions = stateOptions;
    }

    /// <summary>The cluster (members sorted by ID, cluster ID).</summary>
    public BootstrapCluster Cluster { get; }

    /// <summary>One state per member to write: the <c>--name</c> member, or every member with <c>--all-members</c>.</summary>
    public IReadOnlyList<RestoredMemberState> States { get; }

    /// <summary>The WAL form and db edits chosen for the target version.</summary>
    public MemberStateOptions StateOptions { get; }

    /// <summary>The db edits: identical for every member (see <see cref="Resolve"/>).</summary>
    public IReadOnlyList<DbEdit> DbEdits => States[0].DbEdits;

    /// <summary>Checks the flags and derives every ID.</summary>
    /// <exception cref="ClusterConfigurationException">Inconsistent flags (etcd's message where etcd has one).</exception>
    public static RestoreCluster Resolve(RestoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        CheckFlagCombinations(options);

        // etcdutl 3.5/3.6 parse URLs with the 3.5 rules; 3.4 also requires host:port for unix URLs.
        var urlRules = options.TargetVersion == EtcdTarget.V34 ? EtcdTarget.V34 : EtcdTarget.V35;
        var stateOptions = StateOptionsFor(options.TargetVersion);
        var initialCluster = options.InitialCluster ?? DefaultInitialCluster(options.Name, options.InitialAdvertisePeerUrls);

        IEnumerable<(string Name, string Urls)> restored = options.AllMembers
            ? InitialCluster.Parse(initialCluster, urlRules).Members.Select(m => (m.Key, string.Join(',', m.Value)))
            : [(options.Name, options.InitialAdvertisePeerUrls)];
        var states = new List<RestoredMemberState>();
        foreach (var (name, urls) in restored)
        {
            if (options.AllMembers)
            {
                CheckDirectoryName(name);
            }

            var cluster = BootstrapCluster.Create(new BootstrapOptions
            {
                Name = name,
                InitialAdvertisePeerUrls = urls,
                InitialCluster = initialCluster,
                InitialClusterToken = options.InitialClusterToken,
                Target = urlRules,
            });
            states.Add(RestoredMemberState.Create(cluster, stateOptions));
        }

        if (states.Count == 0)
        {
            throw new ClusterConfigurationException("initial cluster unset and no discovery URL found");
        }

        // etcd builds the db edits from the whole cluster (saveWALAndSnap adds every member; the consistent index is
        // the member count), never from the local member: one rewritten db serves every member.
        if (states.Any(s => !SameEdits(s.DbEdits, states[0].DbEdits)))
        {
            throw new InvalidOperationException("db edits differ between members of one cluster");
        }

        return new RestoreCluster(states[0].Cluster, states, stateOptions);
    }

    /// <summary>etcdutl 3.5+ (<c>snapshot_command.go</c>) wants both flags or neither.</summary>
    private static void CheckFlagCombinations(RestoreOptions options)
    {
        if ((options.BumpRevision > 0) != options.MarkCompacted)
        {
            throw new ClusterConfigurationException("--mark-compacted required if --revision-bump > 0")
            {
                Hint = "pass --bump-revision N together with --mark-compacted, or neither",
            };
        }

        if (options.BumpRevision > long.MaxValue)
        {
            throw new ClusterConfigurationException($"--bump-revision {options.BumpRevision} is larger than a revision can be");
        }

        if (options.AllMembers && options.WalDir is not null)
        {
            throw new ClusterConfigurationException("--wal-dir cannot be combined with --all-members")
            {
                Hint = "each member's WAL goes to DATA-DIR/<name>/member/wal; restore members one by one to place WALs elsewhere",
            };
        }
    }

    private static MemberStateOptions StateOptionsFor(EtcdTarget? target) => target switch
    {
        // etcdctl 3.4's exact WAL form; no meta/term; a 3.6 storageVersion dropped.
        EtcdTarget.V34 => new MemberStateOptions { Target = EtcdTarget.V34, SnapshotForm = WalSnapshotForm.WithoutConfState },
        EtcdTarget.V35 => new MemberStateOptions { Target = EtcdTarget.V35, SnapshotForm = WalSnapshotForm.WithConfState },
        // etcdutl 3.5 and 3.6 write the same: ConfState in the WAL, meta/term = 1, storageVersion left as it is.
        _ => new MemberStateOptions { Target = EtcdTarget.V36, SnapshotForm = WalSnapshotForm.WithConfState },
    };

    /// <summary>One member named <paramref name="name"/> with every advertised URL.</summary>
    internal static string DefaultInitialCluster(string name, string advertisePeerUrls) =>
        string.Join(',', advertisePeerUrls.Split(',').Select(u => $"{name}={u.Trim()}"));

    // With --all-members each name becomes DATA-DIR/<name>: it must stay one path component.
    private static void CheckDirectoryName(string name)
    {
        if (name.Length == 0 || name is "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
        {
            throw new ClusterConfigurationException(
                $"member name \"{name}\" cannot be used as a directory name under --data-dir with --all-members")
            {
                Hint = "rename the member in --initial-cluster, or restore it on its own with --name and --data-dir",
            };
        }
    }

    private static bool SameEdits(IReadOnlyList<DbEdit> a, IReadOnlyList<DbEdit> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.Kind == p.Second.Kind && p.First.Bucket == p.Second.Bucket
            && (p.First.Key ?? []).AsSpan().SequenceEqual(p.Second.Key ?? [])
            && (p.First.Value ?? []).AsSpan().SequenceEqual(p.Second.Value ?? []));
}
