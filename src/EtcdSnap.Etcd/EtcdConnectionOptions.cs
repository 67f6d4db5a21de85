namespace EtcdSnap.Etcd;

/// <summary>
/// How to reach etcd: the same settings, defaults and environment variables as etcdctl
/// (<c>--endpoints</c>, <c>--cacert</c>, <c>--cert</c>, <c>--key</c>, <c>--dial-timeout</c>, <c>--command-timeout</c>).
/// Unset values stay null; <see cref="WithEnvironmentDefaults"/> fills them from <c>ETCDCTL_*</c>, and
/// <see cref="EtcdClientFactory"/> applies the defaults.
/// </summary>
public sealed record EtcdConnectionOptions
{
    /// <summary>etcdctl's default endpoint.</summary>
    public const string DefaultEndpoint = "127.0.0.1:2379";

    /// <summary>etcdctl's default <c>--dial-timeout</c>: 2 s.</summary>
    public static readonly TimeSpan DefaultDialTimeout = TimeSpan.FromSeconds(2);

    /// <summary>etcdctl's default <c>--command-timeout</c>: 5 s.</summary>
    public static readonly TimeSpan DefaultCommandTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Client URLs (<c>https://10.0.0.1:2379</c>, <c>http://…</c>, or <c>host:port</c>); null means
    /// <see cref="DefaultEndpoint"/>.</summary>
    public IReadOnlyList<string>? Endpoints { get; init; }

    /// <summary>PEM file with the CA certificate(s) that signed the server certificate (<c>--cacert</c>).
    /// Without it, TLS endpoints are checked against the system trust store.</summary>
    public string? CaCertPath { get; init; }

    /// <summary>PEM client certificate (<c>--cert</c>); requires <see cref="ClientKeyPath"/>.
    /// Intermediate certificates after the first one are sent too.</summary>
    public string? ClientCertPath { get; init; }

    /// <summary>PEM private key of the client certificate (<c>--key</c>): PKCS#1, PKCS#8 or SEC1, unencrypted.</summary>
    public string? ClientKeyPath { get; init; }

    /// <summary>Time allowed to open a connection: TCP connect, TLS handshake and the server's first bytes
    /// (<c>--dial-timeout</c>); null means <see cref="DefaultDialTimeout"/>.</summary>
    public TimeSpan? DialTimeout { get; init; }

    /// <summary>Deadline of each request (<c>--command-timeout</c>); null means <see cref="DefaultCommandTimeout"/>.
    /// A snapshot stream has no overall deadline: this value is its stall limit instead.</summary>
    public TimeSpan? CommandTimeout { get; init; }

    /// <summary>True when a CA or a client certificate is configured: scheme-less endpoints then use TLS.</summary>
    public bool HasTlsSettings => CaCertPath is not null || ClientCertPath is not null || ClientKeyPath is not null;

    /// <summary>
    /// Returns a copy whose unset values come from <c>ETCDCTL_ENDPOINTS</c> (comma-separated),
    /// <c>ETCDCTL_CACERT</c>, <c>ETCDCTL_CERT</c>, <c>ETCDCTL_KEY</c>, <c>ETCDCTL_DIAL_TIMEOUT</c> and
    /// <c>ETCDCTL_COMMAND_TIMEOUT</c>. Values already set (from flags) win, as in etcdctl.
    /// </summary>
    /// <param name="getVariable">Reads a variable; <see cref="Environment.GetEnvironmentVariable(string)"/> when null.</param>
    /// <exception cref="EtcdConfigurationException">A timeout variable is not a duration.</exception>
    public EtcdConnectionOptions WithEnvironmentDefaults(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        string? Get(string name) => getVariable(name) is { Length: > 0 } v ? v : null;

        return this with
        {
            Endpoints = Endpoints ?? SplitEndpoints(Get("ETCDCTL_ENDPOINTS")),
            CaCertPath = CaCertPath ?? Get("ETCDCTL_CACERT"),
            ClientCertPath = ClientCertPath ?? Get("ETCDCTL_CERT"),
            ClientKeyPath = ClientKeyPath ?? Get("ETCDCTL_KEY"),
            DialTimeout = DialTimeout ?? ParseDuration("ETCDCTL_DIAL_TIMEOUT", Get("ETCDCTL_DIAL_TIMEOUT")),
            CommandTimeout = CommandTimeout ?? ParseDuration("ETCDCTL_COMMAND_TIMEOUT", Get("ETCDCTL_COMMAND_TIMEOUT")),
        };
    }

    /// <summary>Parses the endpoints, checks that certificate and key come together and that timeouts are positive.</summary>
    /// <exception cref="EtcdConfigurationException">A setting is malformed.</exception>
    public IReadOnlyList<EtcdEndpoint> ParseEndpoints()
    {
        if (ClientCertPath is null != ClientKeyPath is null)
        {
            throw new EtcdConfigurationException(ClientCertPath is null ? "--key given without --cert" : "--cert given without --key")
            {
                Hint = "pass both --cert and --key (kubeadm: /etc/kubernetes/pki/etcd/healthcheck-client.crt and .key)",
            };
        }

        CheckPositive("--dial-timeout", DialTimeout);
        CheckPositive("--command-timeout", CommandTimeout);
        var texts = Endpoints ?? [DefaultEndpoint];
        if (texts.Count == 0)
        {
            throw new EtcdConfigurationException("--endpoints: no endpoint given");
        }

        var parsed = new List<EtcdEndpoint>(texts.Count);
        foreach (var text in texts)
        {
            var endpoint = EtcdEndpoint.Parse(text, HasTlsSettings);
            if (parsed.Exists(e => e.Address == endpoint.Address))
            {
                throw new EtcdConfigurationException($"--endpoints \"{text}\": given twice");
            }

            parsed.Add(endpoint);
        }

        return parsed;
    }

    private static List<string>? SplitEndpoints(string? value) =>
        value?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    private static TimeSpan? ParseDuration(string variable, string? value)
    {
        if (value is null)
        {
            return null;
        }

        return GoDuration.TryParse(value, out var d)
            ? d
            : throw new EtcdConfigurationException($"{variable} \"{value}\": not a duration (write e.g. 2s or 500ms)");
    }

    private static void CheckPositive(string flag, TimeSpan? value)
    {
        if (value is { } v && v <= TimeSpan.Zero)
        {
            throw new EtcdConfigurationException($"{flag} {GoDuration.Format(v)}: must be positive");
        }
    }
}
