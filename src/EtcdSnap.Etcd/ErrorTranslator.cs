using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using EtcdSnap.Formats;
using Grpc.Core;

namespace EtcdSnap.Etcd;

/// <summary>
/// Turns what gRPC and the HTTP stack throw into one clear line naming the endpoint and the cause. The raw errors are
/// often misleading (a rejected client certificate reads "the server did not complete the HTTP/2 handshake"), so the
/// translation combines the exception chain with <see cref="ConnectionEvidence"/> and, where still ambiguous, a short
/// <see cref="EndpointProbe"/>.
/// </summary>
internal sealed class ErrorTranslator(EtcdEndpoint endpoint, EtcdTlsCredentials tls, ConnectionEvidence evidence,
    TimeSpan dialTimeout, TimeSpan commandTimeout)
{
    private string Ep => endpoint.Text;

    /// <summary>Translates a failure of <paramref name="operation"/>, which started at <paramref name="startedAt"/>
    /// (<see cref="Environment.TickCount64"/>). The caller's own cancellation stays an <see cref="OperationCanceledException"/>.</summary>
    /// <param name="error">What the call threw.</param>
    /// <param name="operation">What was asked, for deadline and server messages ("status", "range \"/registry\"").</param>
    /// <param name="startedAt">When the call started.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public Task<Exception> TranslateAsync(Exception error, string operation, long startedAt, CancellationToken cancellationToken) =>
        TranslateAsync(error, operation, startedAt, context: null, answered: false, cancellationToken);

    /// <summary>As the other overload, for a call that may already have received data.</summary>
    /// <param name="error">What the call threw.</param>
    /// <param name="operation">What was asked.</param>
    /// <param name="startedAt">When the call started.</param>
    /// <param name="context">Put between endpoint and cause of connection failures ("snapshot stream broke after 3 MiB").</param>
    /// <param name="answered">The call had already received data, so the connection setup was not the problem.</param>
    /// <param name="cancellationToken">The caller's token.</param>
    public async Task<Exception> TranslateAsync(Exception error, string operation, long startedAt, string? context, bool answered,
        CancellationToken cancellationToken)
    {
        var translated = await TranslateCoreAsync(error, operation, startedAt, answered, cancellationToken).ConfigureAwait(false);
        if (context is null || translated is not EtcdUnavailableException u)
        {
            return translated;
        }

        var cause = u.Message.StartsWith(Ep + ": ", StringComparison.Ordinal) ? u.Message[(Ep.Length + 2)..] : u.Message;
        return new EtcdUnavailableException($"{Ep}: {context}: {cause}", error)
        {
            Endpoint = Ep,
            IsTransient = u.IsTransient,
            Hint = u.Hint,
        };
    }

    private async Task<Exception> TranslateCoreAsync(Exception error, string operation, long startedAt, bool answered,
        CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return error as OperationCanceledException ?? new OperationCanceledException("canceled", error, cancellationToken);
        }

        var facts = evidence.Since(startedAt);
        var chain = Flatten(error);
        var rpc = error as RpcException;

        if (facts.Silent || Find<TimeoutException>(chain) is not null
            || Find<SocketException>(chain) is { SocketErrorCode: SocketError.TimedOut })
        {
            return Unavailable(facts.TcpConnected
                ? $"no answer within {GoDuration.Format(dialTimeout)} (dial timeout)"
                : $"TCP connect did not complete within {GoDuration.Format(dialTimeout)} (dial timeout)",
                error, hint: $"check that {Ep} is etcd's client URL and that etcd is running; raise --dial-timeout on a slow network");
        }

        if (Find<SocketException>(chain) is { } socket && !facts.TcpConnected)
        {
            return Socket(socket, error);
        }

        if (endpoint.IsTls && facts.ServerCertificateChecked && !facts.ServerCertificateAccepted)
        {
            return ServerCertificate(facts, error);
        }

        if (rpc is { StatusCode: StatusCode.DeadlineExceeded })
        {
            return DeadlineExceeded(operation, error);
        }

        if (rpc is { Status.DebugException: null } && rpc.StatusCode != StatusCode.Cancelled)
        {
            return FromServer(rpc, operation);
        }

        if (!answered && (!facts.ServerAnswered || IsConnectionSetupFailure(chain)))
        {
            if (await ExplainSetupFailureAsync(facts, chain, error).ConfigureAwait(false) is { } explained)
            {
                return explained;
            }
        }

        if (Find<SocketException>(chain) is { } late)
        {
            return Socket(late, error);
        }

        return Unavailable(Describe(chain), error);
    }

    /// <summary>The message for a streaming call that hit our own deadline (the command timeout on its first answer).</summary>
    public EtcdUnavailableException DeadlineExceeded(string operation, Exception? inner) =>
        Unavailable($"{operation}: deadline exceeded after {GoDuration.Format(commandTimeout)} (command timeout)", inner,
            hint: "etcd may be overloaded or without a leader; raise --command-timeout if it is just slow");

    /// <summary>The message for a stream that stopped delivering data (snapshot watchdog).</summary>
    public EtcdUnavailableException Stalled(string what, TimeSpan limit, Exception? inner) =>
        Unavailable($"{what}: no data for {GoDuration.Format(limit)} (stall limit)", inner,
            hint: "etcd or the network stopped sending; check etcd's health and logs, then retry");

    private async Task<Exception?> ExplainSetupFailureAsync(ConnectionEvidence.Facts facts, List<Exception> chain, Exception error)
    {
        if (!endpoint.IsTls)
        {
            if (facts.TcpConnected && await EndpointProbe.SpeaksTlsAsync(endpoint, dialTimeout).ConfigureAwait(false))
            {
                return Unavailable("the server speaks TLS but the endpoint is plaintext (http://)", error, transient: false,
                    hint: $"use https://{endpoint.Host}:{endpoint.Port} with --cacert, --cert and --key");
            }

            return null;
        }

        if (!facts.ServerCertificateChecked)
        {
            // The TLS handshake ended before the server even sent a certificate.
            if (facts.TcpConnected && await EndpointProbe.SpeaksPlaintextHttp2Async(endpoint, dialTimeout).ConfigureAwait(false))
            {
                return Unavailable("TLS handshake failed: server speaks plaintext", error, transient: false,
                    hint: $"use http://{endpoint.Host}:{endpoint.Port}, or enable TLS on etcd (--cert-file, --key-file)");
            }

            return Find<AuthenticationException>(chain) is not null
                ? Unavailable($"TLS handshake failed: {Describe(chain)}", error)
                : null;
        }

        // The server's certificate was fine and the server then dropped the connection before HTTP/2 started: with etcd
        // that is its verdict on our client certificate, which TLS 1.3 delivers after the client finished the handshake.
        var verdict = await EndpointProbe.ReadTlsVerdictAsync(endpoint, tls, dialTimeout).ConfigureAwait(false);
        // Evidence: a TLS alert about the certificate ("alert bad certificate", "alert certificate required"), or the
        // server closing the connection right after the handshake. Anything else is not explained here.
        var rejected = verdict is not null
            && (verdict.Contains("certificate", StringComparison.OrdinalIgnoreCase) || verdict == EndpointProbe.ClosedAfterHandshake);
        if (!rejected)
        {
            return null;
        }

        if (!tls.HasClientCertificate)
        {
            return Unavailable("the server requires a client certificate (pass --cert and --key)", error, transient: false,
                hint: "kubeadm: --cert /etc/kubernetes/pki/etcd/healthcheck-client.crt --key /etc/kubernetes/pki/etcd/healthcheck-client.key");
        }

        var signedByCa = tls.ClientCertificateSignedByCaCert();
        var detail = signedByCa == false ? $"; --cert \"{tls.ClientCertPath}\" is not signed by --cacert \"{tls.CaCertPath}\"" : "";
        return Unavailable(
            $"the server rejected the client certificate (check --cert/--key; etcd requires a certificate signed by its CA){detail}",
            error, transient: false,
            hint: "kubeadm: --cert /etc/kubernetes/pki/etcd/healthcheck-client.crt --key /etc/kubernetes/pki/etcd/healthcheck-client.key");
    }

    private EtcdUnavailableException ServerCertificate(ConnectionEvidence.Facts facts, Exception error)
    {
        var errors = facts.ServerCertificateErrors;
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return Unavailable("TLS handshake failed: the server sent no certificate", error, transient: false);
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            var status = facts.ChainStatus;
            if (status.HasFlag(X509ChainStatusFlags.NotTimeValid))
            {
                return Unavailable($"server certificate has expired or is not yet valid ({Flags(status)})", error, transient: false,
                    hint: "renew etcd's server certificate (kubeadm: kubeadm certs renew etcd-server)");
            }

            var trust = tls.CaCertPath is { } ca ? $"--cacert {ca} ({Flags(status)})" : $"the system trust store ({Flags(status)}; no --cacert given)";
            return Unavailable($"server certificate is not trusted by {trust}", error, transient: false,
                hint: "pass the CA that signed etcd's server certificate (kubeadm: --cacert /etc/kubernetes/pki/etcd/ca.crt)");
        }

        return Unavailable($"server certificate is not valid for host \"{endpoint.Host}\" (RemoteCertificateNameMismatch)", error,
            transient: false, hint: "connect with a host name or IP address listed in the certificate's subject alternative names");
    }

    private EtcdUnavailableException Socket(SocketException socket, Exception error) => socket.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => Unavailable("connection refused", error,
            hint: $"check that etcd is running and listening on {endpoint.Host}:{endpoint.Port} (--listen-client-urls)"),
        SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => Unavailable(
            $"cannot resolve host \"{endpoint.Host}\"", error),
        SocketError.NetworkUnreachable or SocketError.HostUnreachable or SocketError.NetworkDown => Unavailable(
            "host unreachable", error),
        SocketError.ConnectionReset or SocketError.ConnectionAborted => Unavailable("connection reset by the server", error),
        _ => Unavailable(OneLine.Flatten(socket.Message), error),
    };

    private Exception FromServer(RpcException rpc, string operation)
    {
        var detail = rpc.Status.Detail;
        if (rpc.StatusCode is StatusCode.Unavailable or StatusCode.ResourceExhausted or StatusCode.Aborted)
        {
            // etcd's own transient answers: "etcdserver: no leader", "leader changed", "request timed out", "too many requests".
            return Unavailable($"{operation}: {detail}", rpc);
        }

        return new EtcdRequestException($"{Ep}: {operation}: {(detail.Length > 0 ? detail : rpc.StatusCode.ToString())}", rpc)
        {
            Endpoint = Ep,
            StatusCode = rpc.StatusCode,
            ServerMessage = detail,
        };
    }

    private EtcdUnavailableException Unavailable(string cause, Exception? inner, bool transient = true, string? hint = null) =>
        new($"{Ep}: {cause}", inner) { Endpoint = Ep, IsTransient = transient, Hint = hint };

    private static bool IsConnectionSetupFailure(List<Exception> chain) =>
        chain.Exists(e => e is HttpRequestException { HttpRequestError: HttpRequestError.SecureConnectionError or HttpRequestError.ConnectionError }
            || e.Message.Contains("HTTP/2 handshake", StringComparison.Ordinal));

    /// <summary>One line from the most specific exceptions in the chain, without gRPC's "Status(...)" wrapper.</summary>
    internal static string Describe(List<Exception> chain)
    {
        foreach (var e in chain)
        {
            switch (e)
            {
                case HttpProtocolException p:
                    return $"HTTP/2 error from the server ({p.ErrorCode}): {OneLine.Flatten(p.Message)}";
                case HttpIOException { HttpRequestError: HttpRequestError.ResponseEnded }:
                    return "connection closed by the server";
                case IOException io when io.InnerException is SocketException s:
                    return s.SocketErrorCode is SocketError.ConnectionReset ? "connection reset by the server" : OneLine.Flatten(s.Message);
            }
        }

        var innermost = chain.FindLast(e => e is not RpcException && e is not AggregateException) ?? chain[0];
        return innermost is RpcException r ? $"{r.StatusCode}: {r.Status.Detail}" : OneLine.Flatten(innermost.Message);
    }

    internal static List<Exception> Flatten(Exception error)
    {
        var all = new List<Exception>();
        var queue = new Queue<Exception>();
        queue.Enqueue(error);
        while (queue.Count > 0 && all.Count < 32)
        {
            var e = queue.Dequeue();
            all.Add(e);
            if (e is AggregateException agg)
            {
                foreach (var inner in agg.InnerExceptions)
                {
                    queue.Enqueue(inner);
                }
            }
            else if (e.InnerException is { } inner)
            {
                queue.Enqueue(inner);
            }

            if (e is RpcException { Status.DebugException: { } debug })
            {
                queue.Enqueue(debug);
            }
        }

        return all;
    }

    private static T? Find<T>(List<Exception> chain) where T : Exception => chain.OfType<T>().FirstOrDefault();

    private static string Flags(X509ChainStatusFlags flags) =>
        flags == X509ChainStatusFlags.NoError ? "chain error" : flags.ToString().Replace(", ", "|", StringComparison.Ordinal);
}
