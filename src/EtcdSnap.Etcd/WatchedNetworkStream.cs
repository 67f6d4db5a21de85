using System.Net.Sockets;

namespace EtcdSnap.Etcd;

/// <summary>
/// The TCP stream under each HTTP/2 connection. Until the server sends its first byte (a TLS ServerHello or the
/// HTTP/2 SETTINGS frame) a timer runs; if the dial timeout passes first, the socket is closed and the silence is
/// recorded. Without this a listener that accepts and never answers holds a plaintext call until its deadline, and
/// a TLS one forever when no deadline is set (see docs: etcd-client-notes §6).
/// After the first byte every read goes straight to <see cref="NetworkStream"/>: no extra cost on the snapshot path.
/// </summary>
internal sealed class WatchedNetworkStream : NetworkStream
{
    private readonly ConnectionEvidence _evidence;
    private Timer? _dialTimer;
    private volatile bool _answered;

    public WatchedNetworkStream(Socket socket, ConnectionEvidence evidence, TimeSpan dialTimeout)
        : base(socket, ownsSocket: true)
    {
        _evidence = evidence;
        _dialTimer = new Timer(static s => ((WatchedNetworkStream)s!).OnDialTimeout(), this, dialTimeout, Timeout.InfiniteTimeSpan);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _answered ? base.ReadAsync(buffer, cancellationToken) : FirstReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(Span<byte> buffer)
    {
        var n = base.Read(buffer);
        if (!_answered && n > 0)
        {
            MarkAnswered();
        }

        return n;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Interlocked.Exchange(ref _dialTimer, null)?.Dispose();
        }

        base.Dispose(disposing);
    }

    private async ValueTask<int> FirstReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var n = await base.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        if (n > 0)
        {
            MarkAnswered();
        }

        return n;
    }

    private void MarkAnswered()
    {
        _answered = true;
        Interlocked.Exchange(ref _dialTimer, null)?.Dispose();
        _evidence.ServerAnswered();
    }

    private void OnDialTimeout()
    {
        if (_answered || Interlocked.Exchange(ref _dialTimer, null) is not { } timer)
        {
            return;
        }

        timer.Dispose();
        _evidence.ServerSilent();
        // Closing the socket fails the pending handshake or request at once, instead of at the call deadline.
        Socket.Dispose();
    }
}
