using System.Diagnostics;
using System.Globalization;
using System.Text;
using EtcdSnap.Core.Node;
using EtcdSnap.Testing;

namespace EtcdSnap.IntegrationTests.Agent;

/// <summary>
/// `etcdsnap agent` as a real child process (the build's etcdsnap.dll under the test's dotnet), so it can be killed
/// with SIGKILL like a node that dies, or stopped with SIGTERM like a pod. Killed on dispose.
/// </summary>
public sealed class AgentProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private AgentProcess(string identity, int port, Process process)
    {
        Identity = identity;
        Port = port;
        _process = process;
    }

    public string Identity { get; }

    public int Port { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

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

    public static AgentProcess Start(string identity, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var port = LoopbackPorts.Next();
        var psi = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[name] = value;
        }

        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "etcdsnap.dll"));
        psi.ArgumentList.Add("agent");
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.ArgumentList.Add("--identity");
        psi.ArgumentList.Add(identity);
        psi.ArgumentList.Add("--listen");
        psi.ArgumentList.Add($"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start etcdsnap agent");
        var agent = new AgentProcess(identity, port, process);
        process.OutputDataReceived += (_, e) => agent.Append(e.Data);
        process.ErrorDataReceived += (_, e) => agent.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return agent;
    }

    /// <summary>GET /metrics, or null while the agent does not answer.</summary>
    public async Task<string?> MetricsAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            return await http.GetStringAsync(new Uri($"http://127.0.0.1:{Port}/metrics"));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>The value of a metric (with its labels as exposed, e.g. <c>name{a="b"}</c>), or null.</summary>
    public static double? Metric(string? exposition, string name)
    {
        foreach (var line in (exposition ?? "").Split('\n'))
        {
            if (line.StartsWith(name + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(name.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    /// <summary>SIGKILL: the node died; no resignation, the lease runs out by itself.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>SIGTERM, as the kubelet stops a pod; waits for the exit.</summary>
    public async Task TerminateAsync(TimeSpan timeout)
    {
        (await ProcessRunner.RunAsync("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)])).EnsureSuccess("kill -TERM");
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }
}
