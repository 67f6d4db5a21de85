namespace EtcdSnap.Etcd;

/// <summary>
/// Validated connection settings with the certificate files already read: creates one
/// <see cref="EtcdMemberClient"/> per endpoint. Dispose it after the clients it created.
/// </summary>
public sealed class EtcdClientFactory : IDisposable
{
    private readonly EtcdTlsCredentials _tls;

    private EtcdClientFactory(IReadOnlyList<EtcdEndpoint> endpoints, EtcdTlsCredentials tls, TimeSpan dialTimeout,
        TimeSpan commandTimeout)
    {
        Endpoints = endpoints;
        _tls = tls;
        DialTimeout = dialTimeout;
        CommandTimeout = commandTimeout;
    }

    /// <summary>The endpoints, in the order given.</summary>
    public IReadOnlyList<EtcdEndpoint> Endpoints { get; }

    /// <summary>Time allowed to open a connection (TCP, TLS and the server's first bytes).</summary>
    public TimeSpan DialTimeout { get; }

    /// <summary>Deadline of each unary call.</summary>
    public TimeSpan CommandTimeout { get; }

    /// <summary>Checks <paramref name="options"/>, applies etcdctl's defaults and reads the certificate files.
    /// Environment variables are not read here: call <see cref="EtcdConnectionOptions.WithEnvironmentDefaults"/> first
    /// to honour <c>ETCDCTL_*</c>.</summary>
    /// <exception cref="EtcdConfigurationException">A setting is malformed or a file cannot be used.</exception>
    public static EtcdClientFactory Create(EtcdConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var endpoints = options.ParseEndpoints();
        var tls = EtcdTlsCredentials.Load(options);
        return new EtcdClientFactory(endpoints, tls,
            options.DialTimeout ?? EtcdConnectionOptions.DefaultDialTimeout,
            options.CommandTimeout ?? EtcdConnectionOptions.DefaultCommandTimeout);
    }

    /// <summary>A client for one member. Nothing is sent until the first call.</summary>
    public EtcdMemberClient CreateMemberClient(EtcdEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return new EtcdMemberClient(endpoint, _tls, DialTimeout, CommandTimeout);
    }

    /// <summary>A client for the only endpoint.</summary>
    /// <exception cref="InvalidOperationException">More than one endpoint is configured; pick one (see
    /// <see cref="EndpointSelector"/>).</exception>
    public EtcdMemberClient CreateMemberClient() => Endpoints.Count == 1
        ? CreateMemberClient(Endpoints[0])
        : throw new InvalidOperationException($"{Endpoints.Count} endpoints are configured; choose one with EndpointSelector");

    /// <summary>Releases the client certificate.</summary>
    public void Dispose() => _tls.Dispose();
}
