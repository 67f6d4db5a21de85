using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using EtcdSnap.Formats;

namespace EtcdSnap.Etcd;

/// <summary>
/// Short, separate connections made only after a call failed in a way gRPC reports ambiguously, to find out what the
/// server really speaks or why it dropped us. Each probe is bounded by the dial timeout and never throws.
/// </summary>
internal static class EndpointProbe
{
    // RFC 9113 §3.4: the client connection preface, then an empty SETTINGS frame (9-byte header, type 0x4).
    private static readonly byte[] s_http2Preface =
        [.. "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8, 0, 0, 0, 0x4, 0, 0, 0, 0, 0];

    private const byte Http2SettingsFrameType = 0x4;

    /// <summary>What <see cref="ReadTlsVerdictAsync"/> returns when the server hung up right after the handshake.</summary>
    public const string ClosedAfterHandshake = "connection closed after the TLS handshake";

    /// <summary>True when the endpoint answers an HTTP/2 cleartext preface with a SETTINGS frame (a plaintext etcd).</summary>
    public static async Task<bool> SpeaksPlaintextHttp2Async(EtcdEndpoint endpoint, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            using var socket = await ConnectAsync(endpoint, cts.Token).ConfigureAwait(false);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            await stream.WriteAsync(s_http2Preface, cts.Token).ConfigureAwait(false);
            var header = new byte[9];
            await stream.ReadExactlyAsync(header, cts.Token).ConfigureAwait(false);
            return header[3] == Http2SettingsFrameType && BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(5)) == 0;
        }
        catch (Exception e) when (IsProbeFailure(e))
        {
            return false;
        }
    }

    /// <summary>True when the endpoint answers a TLS ClientHello with a certificate (a TLS etcd).</summary>
    public static async Task<bool> SpeaksTlsAsync(EtcdEndpoint endpoint, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        var sawCertificate = false;
        try
        {
            using var socket = await ConnectAsync(endpoint, cts.Token).ConfigureAwait(false);
            await using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false));
            await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = endpoint.Host,
                ApplicationProtocols = [SslApplicationProtocol.Http2],
                RemoteCertificateValidationCallback = (_, cert, _, _) =>
                {
                    sawCertificate = cert is not null;
                    return false; // never go further than looking
                },
            }, cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (IsProbeFailure(e))
        {
        }

        return sawCertificate;
    }

    /// <summary>
    /// Completes a TLS handshake with the real settings, sends the HTTP/2 preface and reads. With TLS 1.3 the server
    /// checks the client certificate only after the client considers the handshake done, so its verdict arrives as a
    /// TLS alert on this first read (e.g. "tlsv13 alert certificate required", "alert bad certificate").
    /// </summary>
    /// <returns>The alert or error text seen after the handshake, "" when the server answered normally, or null when
    /// the probe itself could not get that far.</returns>
    public static async Task<string?> ReadTlsVerdictAsync(EtcdEndpoint endpoint, EtcdTlsCredentials tls, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        Socket socket;
        try
        {
            socket = await ConnectAsync(endpoint, cts.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (IsProbeFailure(e))
        {
            return null;
        }

        using (socket)
        {
            var options = tls.CreateSslOptions(new ConnectionEvidence());
            options.TargetHost = endpoint.Host;
            await using var ssl = new SslStream(new NetworkStream(socket, ownsSocket: false));
            try
            {
                await ssl.AuthenticateAsClientAsync(options, cts.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (IsProbeFailure(e))
            {
                return null;
            }

            try
            {
                await ssl.WriteAsync(s_http2Preface, cts.Token).ConfigureAwait(false);
                var buffer = new byte[64];
                var n = await ssl.ReadAsync(buffer, cts.Token).ConfigureAwait(false);
                return n > 0 ? "" : ClosedAfterHandshake;
            }
            catch (OperationCanceledException)
            {
                return "";
            }
            catch (Exception e) when (IsProbeFailure(e))
            {
                return Describe(e);
            }
        }
    }

    private static async Task<Socket> ConnectAsync(EtcdEndpoint endpoint, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static bool IsProbeFailure(Exception e) =>
        e is IOException or SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException
            or ObjectDisposedException or InvalidOperationException;

    private static string Describe(Exception e)
    {
        var text = new StringBuilder();
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            text.Append(x.Message).Append(' ');
        }

        return OneLine.Flatten(text.ToString());
    }
}
