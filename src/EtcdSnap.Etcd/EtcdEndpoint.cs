namespace EtcdSnap.Etcd;

/// <summary>One etcd client URL, parsed the way etcdctl reads <c>--endpoints</c>.</summary>
public sealed class EtcdEndpoint
{
    private EtcdEndpoint(string text, Uri address, bool isTls)
    {
        Text = text;
        Address = address;
        IsTls = isTls;
    }

    /// <summary>The endpoint exactly as the user wrote it; used in messages.</summary>
    public string Text { get; }

    /// <summary>The address the channel connects to, always with a scheme (<c>https://127.0.0.1:2379</c>).</summary>
    public Uri Address { get; }

    /// <summary>True when the connection uses TLS.</summary>
    public bool IsTls { get; }

    /// <summary>Host name or IP address (without brackets for IPv6).</summary>
    public string Host => Address.IdnHost;

    /// <summary>TCP port.</summary>
    public int Port => Address.Port;

    /// <summary>
    /// Parses <c>http://host:port</c>, <c>https://host:port</c> or a scheme-less <c>host:port</c>.
    /// A scheme-less endpoint uses TLS when <paramref name="tlsByDefault"/> is true (etcdctl does so when a CA or a
    /// client certificate is given).
    /// </summary>
    /// <exception cref="EtcdConfigurationException">The text is not one of these forms.</exception>
    public static EtcdEndpoint Parse(string text, bool tlsByDefault)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            throw Invalid(text, "empty endpoint");
        }

        var schemeEnd = trimmed.IndexOf("://", StringComparison.Ordinal);
        bool isTls;
        string withScheme;
        if (schemeEnd < 0)
        {
            isTls = tlsByDefault;
            withScheme = (isTls ? "https://" : "http://") + trimmed;
            if (!HasPort(trimmed))
            {
                throw Invalid(text, "missing port (write host:port, e.g. 127.0.0.1:2379)");
            }
        }
        else
        {
            var scheme = trimmed[..schemeEnd].ToLowerInvariant();
            isTls = scheme switch
            {
                "https" => true,
                "http" => false,
                _ => throw Invalid(text, $"unsupported scheme \"{trimmed[..schemeEnd]}\" (use http://, https:// or host:port)"),
            };
            withScheme = trimmed;
        }

        if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw Invalid(text, "not a URL or host:port");
        }

        if (uri.AbsolutePath is not "/" || !string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            throw Invalid(text, "an endpoint has no path, query or user (write scheme://host:port)");
        }

        var address = new UriBuilder(uri.Scheme, uri.Host, uri.Port).Uri;
        return new EtcdEndpoint(trimmed, address, isTls);
    }

    /// <inheritdoc/>
    public override string ToString() => Text;

    private static bool HasPort(string hostPort)
    {
        var colon = hostPort.LastIndexOf(':');
        var bracket = hostPort.LastIndexOf(']');
        return colon > bracket && colon < hostPort.Length - 1;
    }

    private static EtcdConfigurationException Invalid(string text, string why) =>
        new($"--endpoints \"{text}\": {why}");
}
