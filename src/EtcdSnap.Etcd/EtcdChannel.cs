using System.Net.Sockets;
using Grpc.Net.Client;

namespace EtcdSnap.Etcd;

/// <summary>Builds the one <see cref="GrpcChannel"/> per endpoint: our own TCP connect, TLS from PEM, no retries.</summary>
internal static class EtcdChannel
{
    /// <summary>HTTP/2 stream window: 4 MiB keeps etcd sending while we write (measured in aot-and-throughput-notes §4);
    /// larger windows only grow RSS.</summary>
    internal const int StreamWindowBytes = 4 * 1024 * 1024;

    /// <summary>Largest message we accept. etcd's Range answers are bounded by the caller's limit; 256 MiB leaves room
    /// for big unpaged ranges without letting a broken server make us allocate without bound.</summary>
    internal const int MaxReceiveMessageBytes = 256 * 1024 * 1024;

    /// <summary>HTTP/2 keepalive. etcd's server rejects pings more frequent than 5 s (--grpc-keepalive-min-time);
    /// 10 s + 10 s finds a dead peer under a watch, campaign or snapshot well before TCP would.</summary>
    internal static readonly TimeSpan KeepAlivePingDelay = TimeSpan.FromSeconds(10);

    internal static readonly TimeSpan KeepAlivePingTimeout = TimeSpan.FromSeconds(10);

    public static GrpcChannel Create(EtcdEndpoint endpoint, EtcdTlsCredentials tls, TimeSpan dialTimeout, ConnectionEvidence evidence)
    {
        var handler = new SocketsHttpHandler
        {
            // Covers our ConnectCallback and the TLS handshake.
            ConnectTimeout = dialTimeout,
            // Our own connect also makes Grpc.Net.Client skip its balancer transport (socket polling timer, subchannels):
            // one endpoint per channel needs none of it.
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);
                    evidence.TcpConnected();
                    return new WatchedNetworkStream(socket, evidence, dialTimeout);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            KeepAlivePingDelay = KeepAlivePingDelay,
            KeepAlivePingTimeout = KeepAlivePingTimeout,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            InitialHttp2StreamWindowSize = StreamWindowBytes,
            EnableMultipleHttp2Connections = false,
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
        };
        if (endpoint.IsTls)
        {
            handler.SslOptions = tls.CreateSslOptions(evidence);
        }

        return GrpcChannel.ForAddress(endpoint.Address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = MaxReceiveMessageBytes,
            // No ServiceConfig: no retries. A retry would hide which attempt failed and multiply the wait
            // (dotnet-etcd retries Unavailable 5 times: 7 s for a rejected client certificate).
        });
    }
}
