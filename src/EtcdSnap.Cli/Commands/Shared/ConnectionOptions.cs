using System.CommandLine;
using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Core.Connection;

namespace EtcdSnap.Cli.Commands.Shared;

/// <summary>etcdctl's connection flags plus manifest discovery, shared by every verb that talks to etcd.</summary>
internal sealed class ConnectionOptions
{
    private readonly Option<string?> _endpoints = new("--endpoints")
    {
        Description = "Comma-separated etcd client URLs (env ETCDCTL_ENDPOINTS; default: from --manifest, else 127.0.0.1:2379)",
    };

    private readonly Option<string?> _caCert = new("--cacert") { Description = "CA certificate that signed the server's (env ETCDCTL_CACERT)" };
    private readonly Option<string?> _cert = new("--cert") { Description = "Client certificate for mutual TLS (env ETCDCTL_CERT)" };
    private readonly Option<string?> _key = new("--key") { Description = "Client private key for mutual TLS (env ETCDCTL_KEY)" };

    private readonly Option<string?> _dialTimeout = new("--dial-timeout")
    {
        Description = "How long to wait for a connection, e.g. 2s (env ETCDCTL_DIAL_TIMEOUT; default 2s)",
    };

    private readonly Option<string?> _commandTimeout = new("--command-timeout")
    {
        Description = "How long a request may take; for snapshots, the longest stall allowed (env ETCDCTL_COMMAND_TIMEOUT; default 5s)",
    };

    private readonly Option<string?> _manifest = new("--manifest")
    {
        Description = $"etcd static pod manifest to read endpoint and certificates from (default {ConnectionInputs.DefaultManifestPath} when it exists and no endpoint is given)",
    };

    private readonly Option<string> _hostRoot = new("--host-root")
    {
        Description = "Where the node's root filesystem is mounted (e.g. /host in a pod); hostPath volumes resolve under it",
        DefaultValueFactory = _ => "/",
    };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public ConnectionOptions AddTo(Command command)
    {
        foreach (var option in new Option[] { _endpoints, _caCert, _cert, _key, _dialTimeout, _commandTimeout, _manifest, _hostRoot })
        {
            command.Options.Add(option);
        }

        return this;
    }

    /// <summary>Reads what the user typed; durations are validated here (exit 2 on a bad one).</summary>
    public ConnectionInputs Read(ParseResult result)
    {
        var endpoints = result.GetValue(_endpoints);
        var dial = result.GetValue(_dialTimeout);
        var command = result.GetValue(_commandTimeout);
        return new ConnectionInputs
        {
            Endpoints = endpoints is null ? [] : endpoints.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            CaCert = result.GetValue(_caCert),
            Cert = result.GetValue(_cert),
            Key = result.GetValue(_key),
            DialTimeout = dial is null ? null : Durations.Parse(dial, "--dial-timeout"),
            CommandTimeout = command is null ? null : Durations.Parse(command, "--command-timeout"),
            ManifestPath = result.GetValue(_manifest),
            HostRoot = result.GetValue(_hostRoot) ?? "/",
        };
    }
}
