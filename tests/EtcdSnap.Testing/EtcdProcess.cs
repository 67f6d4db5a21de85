using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using EtcdSnap.Core.Node;

namespace EtcdSnap.Testing;

/// <summary>Options for a real etcd member started on 127.0.0.1.</summary>
public sealed record EtcdProcessOptions
{
    public string Name { get; init; } = "default";

    /// <summary>Data dir; a fresh one under the process's temp dir when null.</summary>
    public string? DataDir { get; init; }

    public int? ClientPort { get; init; }

    public int? PeerPort { get; init; }

    /// <summary>--initial-cluster; defaults to this member alone.</summary>
    public string? InitialCluster { get; init; }

    public string InitialClusterToken { get; init; } = "etcd-cluster";

    /// <summary>"new" for a fresh cluster; "existing" is not needed for restored data dirs (the WAL decides).</summary>
    public string InitialClusterState { get; init; } = "new";

    /// <summary>Mutual TLS for clients (and peers) when set.</summary>
    public EtcdTlsFiles? Tls { get; init; }

    public IReadOnlyList<string> ExtraArgs { get; init; } = [];
}

/// <summary>Paths of the PEM files etcd serves with; see <see cref="TestPki"/>.</summary>
public sealed record EtcdTlsFiles(string CaCert, string ServerCert, string ServerKey, string ClientCert, string ClientKey,
    string PeerCert, string PeerKey);

/// <summary>A real etcd server on loopback, killed and cleaned up on dispose.</summary>
public sealed class EtcdProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly TempDirectory? _ownedTemp;

    private EtcdProcess(Process process, EtcdProcessOptions options, string dataDir, int clientPort, int peerPort,
        TempDirectory? ownedTemp)
    {
        _process = process;
        Options = options;
        DataDir = dataDir;
        ClientPort = clientPort;
        PeerPort = peerPort;
        _ownedTemp = ownedTemp;
    }

    public EtcdProcessOptions Options { get; }

    public string DataDir { get; }

    public int ClientPort { get; }

    public int PeerPort { get; }

    public int Pid => _process.Id;

    public bool IsTls => Options.Tls is not null;

    public string ClientUrl => $"{(IsTls ? "https" : "http")}://127.0.0.1:{ClientPort}";

    public string PeerUrl => $"{(IsTls ? "https" : "http")}://127.0.0.1:{PeerPort}";

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>etcdctl configured for this member (endpoint and, with TLS, the client certificate).</summary>
    public Etcdctl Etcdctl => new(ClientUrl, Options.Tls);

    public static async Task<EtcdProcess> StartAsync(EtcdProcessOptions? options = null, TimeSpan? readyTimeout = null)
    {
        options ??= new EtcdProcessOptions();
        TempDirectory? owned = null;
        var dataDir = options.DataDir;
        if (dataDir is null)
        {
            owned = new TempDirectory("etcd");
            dataDir = owned.Combine(options.Name + ".etcd");
        }

        var clientPort = options.ClientPort ?? LoopbackPorts.Next();
        var peerPort = options.PeerPort ?? LoopbackPorts.Next();
        var scheme = options.Tls is null ? "http" : "https";
        var clientUrl = $"{scheme}://127.0.0.1:{clientPort}";
        var peerUrl = $"{scheme}://127.0.0.1:{peerPort}";

        var psi = new ProcessStartInfo(EtcdBinaries.Etcd)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] args =
        [
            "--name", options.Name,
            "--data-dir", dataDir,
            "--listen-client-urls", clientUrl,
            "--advertise-client-urls", clientUrl,
            "--listen-peer-urls", peerUrl,
            "--initial-advertise-peer-urls", peerUrl,
            "--initial-cluster", options.InitialCluster ?? $"{options.Name}={peerUrl}",
            "--initial-cluster-token", options.InitialClusterToken,
            "--initial-cluster-state", options.InitialClusterState,
            // Keep tests quick: no long election timeouts, no metrics listener on a fixed port.
            "--heartbeat-interval", "50",
            "--election-timeout", "500",
        ];
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        if (options.Tls is { } tls)
        {
            foreach (var a in new[]
            {
                "--client-cert-auth", "--trusted-ca-file", tls.CaCert, "--cert-file", tls.ServerCert, "--key-file", tls.ServerKey,
                "--peer-client-cert-auth", "--peer-trusted-ca-file", tls.CaCert, "--peer-cert-file", tls.PeerCert,
                "--peer-key-file", tls.PeerKey,
            })
            {
                psi.ArgumentList.Add(a);
            }
        }

        foreach (var a in options.ExtraArgs)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["ETCD_UNSUPPORTED_ARCH"] = null;
        var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start etcd");
        var etcd = new EtcdProcess(process, options, dataDir, clientPort, peerPort, owned);
        process.OutputDataReceived += (_, e) => etcd.Append(e.Data);
        process.ErrorDataReceived += (_, e) => etcd.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await etcd.WaitReadyAsync(readyTimeout ?? TimeSpan.FromSeconds(30));
        }
        catch
        {
            await etcd.DisposeAsync();
            throw;
        }

        return etcd;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    /// <summary>Waits until the member serves a linearizable read (it has a leader and applied its log).</summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"etcd exited with {_process.ExitCode} before becoming ready:\n{Log}");
            }

            if (await PortOpenAsync() && (await Etcdctl.RunAsync(["endpoint", "health", "--command-timeout=2s"])).ExitCode == 0)
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"etcd did not become ready within {timeout}:\n{Log}");
            }

            await Task.Delay(100);
        }
    }

    private async Task<bool> PortOpenAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", ClientPort);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>SIGKILL, as a crash or power loss would end it.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>SIGTERM and wait, as a graceful shutdown.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    public bool HasExited => _process.HasExited;

    public async ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        _ownedTemp?.Dispose();
        await Task.CompletedTask;
    }
}
