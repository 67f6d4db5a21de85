using Etcdserverpb;
using Grpc.Core;
using Grpc.Net.Client;

namespace EtcdSnap.Etcd;

/// <summary>
/// Talks to exactly one etcd member over its own HTTP/2 connection. Every unary call has the command timeout as its
/// deadline; long-running calls (watch, campaign, observe, snapshot) end only by the caller's token or by a failure.
/// Failures come out as <see cref="EtcdUnavailableException"/> (could not reach or hear from the member) or
/// <see cref="EtcdRequestException"/> (the member refused the request), each with one line naming the endpoint.
/// Create instances with <see cref="EtcdClientFactory.CreateMemberClient(EtcdEndpoint)"/>.
/// </summary>
public sealed partial class EtcdMemberClient : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly ErrorTranslator _errors;
    private readonly Lazy<KV.KVClient> _kv;
    private readonly Lazy<Maintenance.MaintenanceClient> _maintenance;
    private readonly Lazy<Cluster.ClusterClient> _cluster;
    private readonly Lazy<Lease.LeaseClient> _lease;
    private readonly Lazy<Watch.WatchClient> _watch;
    private readonly Lazy<V3Electionpb.Election.ElectionClient> _election;

    internal EtcdMemberClient(EtcdEndpoint endpoint, EtcdTlsCredentials tls, TimeSpan dialTimeout, TimeSpan commandTimeout)
    {
        Endpoint = endpoint;
        DialTimeout = dialTimeout;
        CommandTimeout = commandTimeout;
        var evidence = new ConnectionEvidence();
        _channel = EtcdChannel.Create(endpoint, tls, dialTimeout, evidence);
        _errors = new ErrorTranslator(endpoint, tls, evidence, dialTimeout, commandTimeout);
        _kv = new(() => new KV.KVClient(_channel));
        _maintenance = new(() => new Maintenance.MaintenanceClient(_channel));
        _cluster = new(() => new Cluster.ClusterClient(_channel));
        _lease = new(() => new Lease.LeaseClient(_channel));
        _watch = new(() => new Watch.WatchClient(_channel));
        _election = new(() => new V3Electionpb.Election.ElectionClient(_channel));
        OpenSnapshot = o => _maintenance.Value.Snapshot(new SnapshotRequest(), o);
    }

    /// <summary>The member this client talks to.</summary>
    public EtcdEndpoint Endpoint { get; }

    /// <summary>Time allowed to open a connection.</summary>
    public TimeSpan DialTimeout { get; }

    /// <summary>Deadline of each unary call; also the default stall limit of a snapshot stream.</summary>
    public TimeSpan CommandTimeout { get; }

    internal ErrorTranslator Errors => _errors;

    /// <summary>Starts the snapshot stream; tests replace it to inject streams a real etcd does not produce.</summary>
    internal Func<CallOptions, AsyncServerStreamingCall<SnapshotResponse>> OpenSnapshot { get; set; }

    /// <summary>Asks the member for its status (<c>etcdctl endpoint status</c>).</summary>
    /// <exception cref="EtcdUnavailableException">The member could not be reached or did not answer in time.</exception>
    /// <exception cref="EtcdRequestException">The member refused the request.</exception>
    public async Task<EtcdMemberStatus> StatusAsync(CancellationToken cancellationToken = default)
    {
        var r = await CallAsync("status", o => _maintenance.Value.StatusAsync(new StatusRequest(), o), cancellationToken)
            .ConfigureAwait(false);
        return new EtcdMemberStatus(
            Endpoint.Text, r.Version, r.DbSize, r.DbSizeInUse, r.Leader, r.Header?.MemberId ?? 0, r.Header?.ClusterId ?? 0,
            r.RaftIndex, r.RaftTerm, r.RaftAppliedIndex, r.Header?.Revision ?? 0, r.IsLearner, [.. r.Errors]);
    }

    /// <summary>Lists the cluster's members (<c>etcdctl member list</c>).</summary>
    /// <exception cref="EtcdUnavailableException">The member could not be reached or did not answer in time.</exception>
    /// <exception cref="EtcdRequestException">The member refused the request.</exception>
    public async Task<EtcdMemberList> MemberListAsync(CancellationToken cancellationToken = default)
    {
        var r = await CallAsync("member list", o => _cluster.Value.MemberListAsync(new MemberListRequest(), o), cancellationToken)
            .ConfigureAwait(false);
        var members = r.Members
            .Select(m => new EtcdMember(m.ID, m.Name, [.. m.PeerURLs], [.. m.ClientURLs], m.IsLearner))
            .ToList();
        return new EtcdMemberList(r.Header?.ClusterId ?? 0, r.Header?.MemberId ?? 0, r.Header?.RaftTerm ?? 0, members);
    }

    /// <summary>Closes the connection. Calls still running fail.</summary>
    public void Dispose() => _channel.Dispose();

    /// <inheritdoc/>
    public override string ToString() => Endpoint.Text;

    /// <summary>Runs one unary call with the command timeout as its deadline and translates its failure.</summary>
    private async Task<T> CallAsync<T>(string operation, Func<CallOptions, AsyncUnaryCall<T>> start, CancellationToken cancellationToken)
    {
        var startedAt = Environment.TickCount64;
        var options = new CallOptions(deadline: DateTime.UtcNow + CommandTimeout, cancellationToken: cancellationToken);
        try
        {
            using var call = start(options);
            return await call.ResponseAsync.ConfigureAwait(false);
        }
        catch (Exception e) when (IsCallFailure(e))
        {
            throw await _errors.TranslateAsync(e, operation, startedAt, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Exceptions a gRPC call can end with; anything else is a bug and passes through unchanged.</summary>
    internal static bool IsCallFailure(Exception e) =>
        e is RpcException or OperationCanceledException or IOException or HttpRequestException or ObjectDisposedException;
}
