namespace EtcdSnap.Formats.Membership;

/// <summary>
/// The cluster a restore bootstraps: every member with its ID, the cluster ID and the local member, after the checks
/// etcd runs before writing anything (etcd 3.4 <c>clientv3/snapshot/v3_snapshot.go</c> Restore,
/// <c>etcdserver/config.go</c> VerifyBootstrap, <c>membership.NewClusterFromURLsMap</c>).
/// </summary>
public sealed class BootstrapCluster
{
    private BootstrapCluster(string token, IReadOnlyList<Member> members, ulong clusterId, Member local)
    {
        Token = token;
        Members = members;
        ClusterId = clusterId;
        Local = local;
    }

    /// <summary>The cluster token the IDs were derived with.</summary>
    public string Token { get; }

    /// <summary>All members, sorted by ascending ID (the order of the raft log and of the v2 store).</summary>
    public IReadOnlyList<Member> Members { get; }

    /// <summary>The cluster ID.</summary>
    public ulong ClusterId { get; }

    /// <summary>The member being restored (<c>--name</c>).</summary>
    public Member Local { get; }

    /// <summary>Parses and checks the options and derives the IDs.</summary>
    /// <exception cref="ClusterConfigurationException">A URL is invalid, <c>--name</c> is not in the cluster, the
    /// advertised URLs differ from the cluster's for this member, a URL appears twice, or two members get the same
    /// ID (etcd's messages).</exception>
    /// <remarks>
    /// etcd compares advertised and cluster URLs after resolving host names (so <c>localhost</c> may match
    /// <c>127.0.0.1</c>); this library does no network I/O and compares the canonical strings, so it is stricter.
    /// </remarks>
    public static BootstrapCluster Create(BootstrapOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var advertised = PeerUrls.ParseCommaSeparated(options.InitialAdvertisePeerUrls, options.Target);
        var cluster = Membership.InitialCluster.Parse(options.InitialCluster, options.Target);
        Verify(options.Name, advertised, cluster);

        var members = new List<Member>();
        foreach (var (name, urls) in cluster.Members)
        {
            var member = new Member(MemberIds.ComputeMemberId(urls, options.InitialClusterToken), name, urls);
            if (member.Id == 0)
            {
                throw new ClusterConfigurationException("cannot use 0 as member id");
            }

            if (members.Find(m => m.Id == member.Id) is { } twin)
            {
                throw new ClusterConfigurationException(
                    $"member exists with identical ID {member.HexId} (members {GoQuote.Quote(twin.Name)} and {GoQuote.Quote(name)})");
            }

            members.Add(member);
        }

        members.Sort((a, b) => a.Id.CompareTo(b.Id));
        var clusterId = MemberIds.ComputeClusterId(members.Select(m => m.Id));
        return new BootstrapCluster(options.InitialClusterToken, members, clusterId, members.Single(m => m.Name == options.Name));
    }

    // VerifyBootstrap: hasLocalMember, advertiseMatchesCluster, checkDuplicateURL, then "initial cluster unset".
    private static void Verify(string name, IReadOnlyList<string> advertised, InitialCluster cluster)
    {
        var own = cluster.UrlsOf(name) ?? throw new ClusterConfigurationException(
            $"couldn't find local name {GoQuote.Quote(name)} in the initial cluster configuration");

        if (!own.SequenceEqual(advertised))
        {
            var missingFromAdvertised = own.Where(u => !advertised.Contains(u)).Select(u => $"{name}={u}").ToList();
            if (missingFromAdvertised.Count > 0)
            {
                throw new ClusterConfigurationException(
                    $"--initial-cluster has {string.Join(',', missingFromAdvertised)} but missing from " +
                    $"--initial-advertise-peer-urls={string.Join(',', advertised)}");
            }

            var missingFromCluster = advertised.Where(u => !own.Contains(u)).ToList();
            if (missingFromCluster.Count > 0)
            {
                throw new ClusterConfigurationException(
                    $"--initial-advertise-peer-urls has {string.Join(',', missingFromCluster)} but missing from " +
                    $"--initial-cluster={string.Join(',', advertised.Select(u => $"{name}={u}"))}");
            }

            // Same sets, different multiplicity (a URL given twice on one side).
            throw new ClusterConfigurationException(
                $"failed to resolve {string.Join(',', advertised)} to match --initial-cluster={cluster}");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        if (cluster.Members.SelectMany(m => m.Value).Any(u => !seen.Add(u)))
        {
            throw new ClusterConfigurationException($"initial cluster {cluster} has duplicate url");
        }

        if (cluster.Members.Count == 0)
        {
            throw new ClusterConfigurationException("initial cluster unset and no discovery URL found");
        }
    }
}
