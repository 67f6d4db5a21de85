using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EtcdSnap.Testing;

/// <summary>Fault injection for <see cref="TcpProxy"/>: what happens to the bytes going from the server to the client.</summary>
public sealed record TcpProxyOptions
{
    /// <summary>After this many bytes towards the client (over all connections), stop forwarding that direction but keep
    /// every connection open: a stalled stream. Null forwards everything.</summary>
    public long? StallAfterBytesToClient { get; init; }

    /// <summary>Limit the rate towards the client, bytes per second. Null is unlimited.</summary>
    public long? BytesPerSecondToClient { get; init; }
}

/// <summary>
/// A transparent TCP proxy on 127.0.0.1 in front of another local port (TLS passes through untouched; certificates for
/// 127.0.0.1 still match). It can throttle or stall the server-to-client direction to make streams slow or hang.
/// </summary>
public sealed class TcpProxy : IAsyncDisposable
{
    private const int BufferSize = 16 * 1024;
    private readonly TcpListener _listener;
    private readonly int _targetPort;
    private readonly TcpProxyOptions _options;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Socket> _sockets = [];
    private readonly List<Task> _pumps = [];
    private readonly Task _acceptLoop;
    private readonly TaskCompletionSource _stalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _bytesToClient;

    private TcpProxy(int targetPort, TcpProxyOptions options)
    {
        _targetPort = targetPort;
        _options = options;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptAsync();
    }

    public int Port { get; }

    /// <summary><c>127.0.0.1:port</c>.</summary>
    public string HostPort => $"127.0.0.1:{Port}";

    /// <summary>Bytes forwarded towards the client so far.</summary>
    public long BytesToClient => Interlocked.Read(ref _bytesToClient);

    /// <summary>Completes when forwarding towards the client stopped because of <see cref="TcpProxyOptions.StallAfterBytesToClient"/>.</summary>
    public Task Stalled => _stalled.Task;

    public static TcpProxy Start(int targetPort, TcpProxyOptions? options = null) => new(targetPort, options ?? new TcpProxyOptions());

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptSocketAsync(_stop.Token);
                var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                client.NoDelay = true;
                try
                {
                    await server.ConnectAsync(IPAddress.Loopback, _targetPort, _stop.Token);
                }
                catch (SocketException)
                {
                    client.Dispose();
                    server.Dispose();
                    continue;
                }

                lock (_sockets)
                {
                    _sockets.Add(client);
                    _sockets.Add(server);
                    _pumps.Add(PumpAsync(client, server, toClient: false));
                    _pumps.Add(PumpAsync(server, client, toClient: true));
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task PumpAsync(Socket from, Socket to, bool toClient)
    {
        var buffer = new byte[BufferSize];
        var clock = Stopwatch.StartNew();
        long sent = 0;
        try
        {
            while (true)
            {
                var n = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (n == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                if (toClient && _options.StallAfterBytesToClient is { } limit)
                {
                    var allowed = (int)Math.Clamp(limit - Interlocked.Read(ref _bytesToClient), 0, n);
                    if (allowed < n)
                    {
                        if (allowed > 0)
                        {
                            await to.SendAsync(buffer.AsMemory(0, allowed), SocketFlags.None, _stop.Token);
                            Interlocked.Add(ref _bytesToClient, allowed);
                        }

                        _stalled.TrySetResult();
                        await Task.Delay(Timeout.Infinite, _stop.Token); // hold the connection open, forward nothing
                    }
                }

                await to.SendAsync(buffer.AsMemory(0, n), SocketFlags.None, _stop.Token);
                if (toClient)
                {
                    Interlocked.Add(ref _bytesToClient, n);
                    sent += n;
                    if (_options.BytesPerSecondToClient is { } rate)
                    {
                        var due = TimeSpan.FromSeconds((double)sent / rate) - clock.Elapsed;
                        if (due > TimeSpan.Zero)
                        {
                            await Task.Delay(due, _stop.Token);
                        }
                    }
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // One side went away: close both so the other side sees it too.
            from.Dispose();
            to.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        Task[] pumps;
        lock (_sockets)
        {
            foreach (var s in _sockets)
            {
                s.Dispose();
            }

            pumps = [.. _pumps];
        }

        await Task.WhenAll(pumps);
        _stop.Dispose();
    }
}
