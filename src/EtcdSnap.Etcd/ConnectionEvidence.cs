using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace EtcdSnap.Etcd;

/// <summary>
/// What the connections to one endpoint saw: TCP connected, server certificate accepted or why not, the server
/// silent past the dial timeout. gRPC reports several of these causes with the same misleading text
/// ("the server did not complete the HTTP/2 handshake"), so the error translation reads the facts from here.
/// Every fact carries the <see cref="Environment.TickCount64"/> at which it was seen, so that a failed call only
/// considers what happened after it started.
/// </summary>
internal sealed class ConnectionEvidence
{
    private readonly Lock _lock = new();
    private long _tcpConnectedAt = long.MinValue;
    private long _silentAt = long.MinValue;
    private long _serverCertificateAt = long.MinValue;
    private SslPolicyErrors _serverCertificateErrors;
    private X509ChainStatusFlags _chainStatus;
    private long _answeredAt = long.MinValue;

    public void TcpConnected() => Set(ref _tcpConnectedAt);

    public void ServerAnswered() => Set(ref _answeredAt);

    public void ServerSilent() => Set(ref _silentAt);

    /// <summary>Called from the certificate validation callback with what the chain build found.</summary>
    public void ServerCertificateChecked(SslPolicyErrors errors, X509Chain? chain)
    {
        var status = X509ChainStatusFlags.NoError;
        if (chain is not null)
        {
            foreach (var s in chain.ChainStatus)
            {
                status |= s.Status;
            }
        }

        lock (_lock)
        {
            _serverCertificateAt = Environment.TickCount64;
            _serverCertificateErrors = errors;
            _chainStatus = status;
        }
    }

    /// <summary>The facts seen at or after <paramref name="since"/>.</summary>
    public Facts Since(long since)
    {
        lock (_lock)
        {
            return new Facts(
                TcpConnected: _tcpConnectedAt >= since,
                ServerAnswered: _answeredAt >= since,
                Silent: _silentAt >= since,
                ServerCertificateChecked: _serverCertificateAt >= since,
                ServerCertificateErrors: _serverCertificateErrors,
                ChainStatus: _chainStatus);
        }
    }

    private void Set(ref long field)
    {
        lock (_lock)
        {
            field = Environment.TickCount64;
        }
    }

    /// <summary>A consistent copy of the evidence.</summary>
    internal readonly record struct Facts(
        bool TcpConnected,
        bool ServerAnswered,
        bool Silent,
        bool ServerCertificateChecked,
        SslPolicyErrors ServerCertificateErrors,
        X509ChainStatusFlags ChainStatus)
    {
        public bool ServerCertificateAccepted => ServerCertificateChecked && ServerCertificateErrors == SslPolicyErrors.None;
    }
}
