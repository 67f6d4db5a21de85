namespace EtcdSnap.Kubernetes.Manifests;

/// <summary>Picks the client URL to dial from the node running the static pod.</summary>
internal static class ClientEndpointSelector
{
    // etcd's defaults for both flags (embed.DefaultListenClientURLs / DefaultAdvertiseClientURLs).
    private const string EtcdDefaultClientUrl = "http://localhost:2379";

    /// <summary>A loopback <c>--listen-client-urls</c> entry; else a wildcard one (0.0.0.0, [::]) dialled at 127.0.0.1;
    /// else the first <c>--advertise-client-urls</c> entry; else the first listen URL. Unix sockets are skipped.</summary>
    public static (string Url, string Source) Select(EtcdFlags flags)
    {
        var listenFlag = flags.Find("listen-client-urls");
        var listen = Split(listenFlag?.Value ?? EtcdDefaultClientUrl);
        var listenSource = listenFlag is null ? "etcd default --listen-client-urls" : Name(listenFlag);
        foreach (var url in listen)
        {
            if (TryParse(url, out var uri) && uri.IsLoopback)
            {
                return (url, listenSource);
            }
        }

        foreach (var url in listen)
        {
            if (TryParse(url, out var uri) && uri.Host is "0.0.0.0" or "[::]" or "::")
            {
                return ($"{uri.Scheme}://127.0.0.1:{uri.Port}", $"{listenSource} (wildcard {uri.Host} dialled at 127.0.0.1)");
            }
        }

        var advertiseFlag = flags.Find("advertise-client-urls");
        if (advertiseFlag is not null && Split(advertiseFlag.Value).FirstOrDefault(u => TryParse(u, out _)) is { } advertised)
        {
            return (advertised, Name(advertiseFlag));
        }

        return listen.FirstOrDefault(u => TryParse(u, out _)) is { } first
            ? (first, listenSource)
            : (EtcdDefaultClientUrl, "etcd default");
    }

    private static string Name(EtcdFlag flag) =>
        flag.Source.StartsWith("env ", StringComparison.Ordinal) ? flag.Source : "--" + flag.Name;

    private static List<string> Split(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static bool TryParse(string url, out Uri uri) =>
        Uri.TryCreate(url, UriKind.Absolute, out uri!) && uri.Scheme is "http" or "https" && uri.Port > 0;
}
