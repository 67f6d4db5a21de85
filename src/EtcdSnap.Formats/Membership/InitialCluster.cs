namespace EtcdSnap.Formats.Membership;

/// <summary>
/// The <c>--initial-cluster</c> value: member names and their peer URLs (etcd <c>types.NewURLsMap</c>,
/// <c>pkg/types/urlsmap.go</c>).
/// </summary>
/// <remarks>
/// Items are separated by <c>,</c>; empty items are skipped; each item is split at its first <c>=</c> into name and
/// URL (no <c>=</c>: the whole item is the name and the URL is empty, which then fails to parse). A name may repeat
/// to give a member several URLs. Each member's URLs are canonicalized and sorted like <see cref="PeerUrls"/>.
/// </remarks>
public sealed class InitialCluster
{
    private InitialCluster(IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> members) => Members = members;

    /// <summary>Members in the order their names first appear, each with its sorted canonical peer URLs.</summary>
    public IReadOnlyList<KeyValuePair<string, IReadOnlyList<string>>> Members { get; }

    /// <summary>The peer URLs of <paramref name="name"/>, or null when the name is not in the map.</summary>
    public IReadOnlyList<string>? UrlsOf(string name) =>
        Members.FirstOrDefault(m => m.Key == name) is { Value: { } urls } ? urls : null;

    /// <summary>Parses an <c>--initial-cluster</c> value.</summary>
    /// <exception cref="ClusterConfigurationException">A URL is invalid.</exception>
    public static InitialCluster Parse(string value, EtcdTarget target = EtcdTarget.V34)
    {
        ArgumentNullException.ThrowIfNull(value);
        var raw = new List<KeyValuePair<string, List<string>>>();
        foreach (var item in value.Split(','))
        {
            if (item.Length == 0)
            {
                continue;
            }

            var eq = item.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? item : item[..eq];
            var url = eq < 0 ? "" : item[(eq + 1)..];
            var existing = raw.FindIndex(m => m.Key == name);
            if (existing < 0)
            {
                raw.Add(new(name, [url]));
            }
            else
            {
                raw[existing].Value.Add(url);
            }
        }

        return new InitialCluster(raw.Select(m =>
            new KeyValuePair<string, IReadOnlyList<string>>(m.Key, PeerUrls.Parse(m.Value, target))).ToList());
    }

    /// <summary>Go's <c>URLsMap.String()</c>: every <c>name=url</c> pair, sorted, joined with commas.</summary>
    public override string ToString() =>
        string.Join(',', Members.SelectMany(m => m.Value.Select(u => $"{m.Key}={u}")).Order(StringComparer.Ordinal));
}
