using System.Net;
using System.Text.Json;
using EtcdSnap.Core.Backups;
using Microsoft.Extensions.Logging;

namespace EtcdSnap.Core.Agent;

/// <summary>
/// The agent's HTTP endpoint (HttpListener: managed, no ASP.NET, fine for Native AOT): <c>/healthz</c> (JSON, 200 while
/// the agent runs), <c>/metrics</c> (Prometheus text format) and <c>/backups</c> (the repository listing as JSON).
/// Binds to loopback unless told otherwise; read-only.
/// </summary>
internal sealed partial class AgentHttpServer : IAsyncDisposable
{
    private static readonly TimeSpan s_listTimeout = TimeSpan.FromSeconds(60);

    private readonly HttpListener _listener = new();
    private readonly BackupAgent _agent;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    public AgentHttpServer(IPEndPoint endpoint, BackupAgent agent, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        _agent = agent;
        _logger = logger;
        var host = endpoint.Address.Equals(IPAddress.Any) || endpoint.Address.Equals(IPAddress.IPv6Any) ? "*"
            : endpoint.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{endpoint.Address}]"
            : endpoint.Address.ToString();
        Prefix = $"http://{host}:{endpoint.Port}/";
        _listener.Prefixes.Add(Prefix);
    }

    /// <summary>The URL prefix served.</summary>
    public string Prefix { get; }

    /// <summary>Starts listening.</summary>
    /// <exception cref="OperationRefusedException">The address is in use or cannot be bound: the agent does not start.</exception>
    public void Start()
    {
        try
        {
            _listener.Start();
        }
        catch (HttpListenerException e)
        {
            // A second agent on the node, or another service on the port: a setup problem to fix, not a crash.
            throw new OperationRefusedException($"--listen {Prefix}: cannot listen: {e.Message}", e)
            {
                Hint = "choose a free address with --listen IP:PORT, or --listen off (no /healthz or /metrics)",
            };
        }

        _loop = AcceptLoopAsync();
        LogListening(_logger, Prefix);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_listener.IsListening)
        {
            _listener.Stop();
        }

        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or OperationCanceledException)
        {
            // Stopping the listener ends the pending accept with one of these.
        }

        _listener.Close();
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var context = await _listener.GetContextAsync().ConfigureAwait(false);
            _ = Task.Run(() => HandleAsync(context), CancellationToken.None);
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var response = context.Response;
        try
        {
            if (context.Request.HttpMethod != "GET")
            {
                await RespondAsync(response, 405, "text/plain", "method not allowed\n"u8.ToArray()).ConfigureAwait(false);
                return;
            }

            switch (context.Request.Url?.AbsolutePath)
            {
                case "/healthz":
                    var health = _agent.Health();
                    await RespondAsync(response, health.Status == "ok" ? 200 : 503, "application/json",
                        JsonSerializer.SerializeToUtf8Bytes(health, AgentJsonContext.Default.AgentHealth)).ConfigureAwait(false);
                    break;
                case "/metrics":
                    using (var buffer = new MemoryStream())
                    {
                        await _agent.Metrics.ExportAsync(buffer, _stop.Token).ConfigureAwait(false);
                        await RespondAsync(response, 200, "text/plain; version=0.0.4; charset=utf-8", buffer.ToArray()).ConfigureAwait(false);
                    }

                    break;
                case "/backups":
                    using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
                    {
                        timeout.CancelAfter(s_listTimeout);
                        var view = await _agent.ListBackupsAsync(timeout.Token).ConfigureAwait(false);
                        await RespondAsync(response, 200, "application/json",
                            JsonSerializer.SerializeToUtf8Bytes(view, BackupJsonContext.Default.BackupListView)).ConfigureAwait(false);
                    }

                    break;
                default:
                    await RespondAsync(response, 404, "text/plain", "not found: try /healthz, /metrics or /backups\n"u8.ToArray())
                        .ConfigureAwait(false);
                    break;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A failing request (the repository unreachable for /backups, a client gone) must not end the agent.
            LogRequestFailed(_logger, context.Request.Url?.AbsolutePath ?? "?", e.Message);
            try
            {
                await RespondAsync(response, 503, "text/plain", System.Text.Encoding.UTF8.GetBytes(e.Message + "\n")).ConfigureAwait(false);
            }
            catch (Exception again) when (again is HttpListenerException or InvalidOperationException or ObjectDisposedException)
            {
                // The response was already started or the client left.
            }
        }
    }

    private static async Task RespondAsync(HttpListenerResponse response, int status, string contentType, byte[] body)
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength64 = body.Length;
        await response.OutputStream.WriteAsync(body).ConfigureAwait(false);
        response.Close();
    }

    [LoggerMessage(EventId = 51, Level = LogLevel.Information, Message = "serving /healthz, /metrics and /backups on {Prefix}")]
    private static partial void LogListening(ILogger logger, string prefix);

    [LoggerMessage(EventId = 52, Level = LogLevel.Warning, Message = "HTTP {Path} failed: {Reason}")]
    private static partial void LogRequestFailed(ILogger logger, string path, string reason);
}
