namespace EtcdSnap.Formats.Membership;

/// <summary>
/// Parses a list of peer URLs as etcd's <c>types.NewURLs</c> does and returns their canonical strings, sorted
/// (etcd <c>pkg/types/urls.go</c> in 3.4, <c>client/pkg/types/urls.go</c> in 3.5/3.6).
/// </summary>
public static class PeerUrls
{
    /// <summary>
    /// Trims, parses and checks each URL, then sorts the canonical forms (Go <c>URL.String()</c>) ordinally.
    /// </summary>
    /// <remarks>
    /// Scheme must be http, https, unix or unixs. For http(s) the host must be <c>host:port</c> and the path empty;
    /// etcd 3.4 applies those two rules to unix(s) URLs as well, 3.5+ does not.
    /// </remarks>
    /// <exception cref="ClusterConfigurationException">The list is empty or a URL is invalid (etcd's messages).</exception>
    public static IReadOnlyList<string> Parse(IEnumerable<string> urls, EtcdTarget target = EtcdTarget.V34)
    {
        ArgumentNullException.ThrowIfNull(urls);
        var result = new List<string>();
        foreach (var original in urls)
        {
            result.Add(Canonicalize(original, target));
        }

        if (result.Count == 0)
        {
            throw new ClusterConfigurationException("no valid URLs given");
        }

        result.Sort(StringComparer.Ordinal);
        return result;
    }

    /// <summary>Parses a comma-separated list (the form of <c>--initial-advertise-peer-urls</c>).</summary>
    /// <exception cref="ClusterConfigurationException">A URL is invalid.</exception>
    public static IReadOnlyList<string> ParseCommaSeparated(string urls, EtcdTarget target = EtcdTarget.V34)
    {
        ArgumentNullException.ThrowIfNull(urls);
        return Parse(urls.Split(','), target);
    }

    private static string Canonicalize(string original, EtcdTarget target)
    {
        // Go strings.TrimSpace: ASCII white space and Unicode White_Space; .NET Trim() covers the same set.
        var s = original.Trim();
        var url = GoUrl.TryParse(s, out var error) ?? throw new ClusterConfigurationException(error!);
        var web = url.Scheme is "http" or "https";
        if (!web && url.Scheme is not ("unix" or "unixs"))
        {
            throw new ClusterConfigurationException($"URL scheme must be http, https, unix, or unixs: {s}");
        }

        if (web || target == EtcdTarget.V34)
        {
            if (GoNet.SplitHostPortError(url.Host) is not null)
            {
                throw new ClusterConfigurationException($"URL address does not have the form \"host:port\": {s}");
            }

            if (url.Path.Length > 0)
            {
                throw new ClusterConfigurationException($"URL must not contain a path: {s}");
            }
        }

        return url.ToString();
    }
}
