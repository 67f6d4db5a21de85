using System.Runtime.CompilerServices;
using Google.Protobuf;
using Grpc.Core;
using V3Electionpb;

namespace EtcdSnap.Etcd;

/// <summary>Proof of leadership in an election (etcd's <c>v3electionpb.LeaderKey</c>): pass it to proclaim or resign.</summary>
/// <param name="Name">Election name.</param>
/// <param name="Key">The leader's key (the election name, a slash and the lease ID in hex).</param>
/// <param name="Revision">Creation revision of <paramref name="Key"/>.</param>
/// <param name="LeaseId">Lease the leadership is bound to; it ends when the lease expires.</param>
public sealed record EtcdLeaderKey(ReadOnlyMemory<byte> Name, ReadOnlyMemory<byte> Key, long Revision, long LeaseId)
{
    internal LeaderKey ToProto() => new()
    {
        Name = ByteString.CopyFrom(Name.Span),
        Key = ByteString.CopyFrom(Key.Span),
        Rev = Revision,
        Lease = LeaseId,
    };
}

public sealed partial class EtcdMemberClient
{
    /// <summary>
    /// Waits until this candidate becomes leader of <paramref name="election"/> (<c>etcdctl elect</c>). There is no
    /// deadline: the call returns when elected, or ends by <paramref name="cancellationToken"/> or a failure.
    /// Keep <paramref name="leaseId"/> alive meanwhile (<see cref="KeepLeaseAlive"/>); leadership ends with the lease.
    /// </summary>
    /// <exception cref="EtcdUnavailableException">The member could not be reached or the connection broke.</exception>
    /// <exception cref="EtcdRequestException">The member refused the request (e.g. lease not found).</exception>
    public async Task<EtcdLeaderKey> CampaignAsync(string election, long leaseId, ReadOnlyMemory<byte> value,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(election);
        var request = new CampaignRequest { Name = EtcdKeyValue.Utf8(election), Lease = leaseId, Value = ByteString.CopyFrom(value.Span) };
        var r = await LongCallAsync($"campaign \"{election}\"", o => _election.Value.CampaignAsync(request, o), cancellationToken)
            .ConfigureAwait(false);
        return new EtcdLeaderKey(r.Leader.Name.Memory, r.Leader.Key.Memory, r.Leader.Rev, r.Leader.Lease);
    }

    /// <summary>Publishes a new value as the current leader without a new election.</summary>
    /// <exception cref="EtcdUnavailableException">The member could not be reached or did not answer in time.</exception>
    /// <exception cref="EtcdRequestException">The member refused it (e.g. no longer leader).</exception>
    public async Task ProclaimAsync(EtcdLeaderKey leader, ReadOnlyMemory<byte> value, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leader);
        var request = new ProclaimRequest { Leader = leader.ToProto(), Value = ByteString.CopyFrom(value.Span) };
        await CallAsync("proclaim", o => _election.Value.ProclaimAsync(request, o), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gives up leadership so another candidate can win.</summary>
    /// <exception cref="EtcdUnavailableException">The member could not be reached or did not answer in time.</exception>
    /// <exception cref="EtcdRequestException">The member refused it.</exception>
    public async Task ResignAsync(EtcdLeaderKey leader, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(leader);
        var request = new ResignRequest { Leader = leader.ToProto() };
        await CallAsync("resign", o => _election.Value.ResignAsync(request, o), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The current leader's key and value, or null when the election has no leader.</summary>
    /// <exception cref="EtcdUnavailableException">The member could not be reached or did not answer in time.</exception>
    /// <exception cref="EtcdRequestException">The member refused the request.</exception>
    public async Task<EtcdKeyValue?> GetLeaderAsync(string election, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(election);
        var request = new LeaderRequest { Name = EtcdKeyValue.Utf8(election) };
        try
        {
            var r = await CallAsync($"leader \"{election}\"", o => _election.Value.LeaderAsync(request, o), cancellationToken)
                .ConfigureAwait(false);
            return r.Kv is null ? null : EtcdKeyValue.From(r.Kv);
        }
        catch (EtcdRequestException e) when (e.ServerMessage.Contains("no leader", StringComparison.Ordinal))
        {
            // etcd answers "election: no leader" (concurrency.ErrElectionNoLeader) rather than an empty response.
            return null;
        }
    }

    /// <summary>
    /// Streams the leader's key and value each time leadership or the proclaimed value changes, starting with the current
    /// leader (after waiting for one). Ends only by <paramref name="cancellationToken"/> or a failure.
    /// </summary>
    /// <exception cref="EtcdUnavailableException">The member could not be reached or the connection broke.</exception>
    /// <exception cref="EtcdRequestException">The member ended the stream with an error.</exception>
    public async IAsyncEnumerable<EtcdKeyValue> ObserveLeaderAsync(string election,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(election);
        var operation = $"observe \"{election}\"";
        var startedAt = Environment.TickCount64;
        using var call = _election.Value.Observe(new LeaderRequest { Name = EtcdKeyValue.Utf8(election) },
            cancellationToken: cancellationToken);
        while (true)
        {
            LeaderResponse current;
            try
            {
                if (!await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
                {
                    throw new RpcException(new Status(StatusCode.Unavailable, "the server ended the observe stream"));
                }

                current = call.ResponseStream.Current;
            }
            catch (Exception e) when (IsCallFailure(e))
            {
                throw await _errors.TranslateAsync(e, operation, startedAt, cancellationToken).ConfigureAwait(false);
            }

            if (current.Kv is not null)
            {
                yield return EtcdKeyValue.From(current.Kv);
            }
        }
    }

    /// <summary>Runs a unary call that may legitimately wait long (campaign): no deadline, only the caller's token.</summary>
    private async Task<T> LongCallAsync<T>(string operation, Func<CallOptions, AsyncUnaryCall<T>> start, CancellationToken cancellationToken)
    {
        var startedAt = Environment.TickCount64;
        try
        {
            using var call = start(new CallOptions(cancellationToken: cancellationToken));
            return await call.ResponseAsync.ConfigureAwait(false);
        }
        catch (Exception e) when (IsCallFailure(e))
        {
            throw await _errors.TranslateAsync(e, operation, startedAt, cancellationToken).ConfigureAwait(false);
        }
    }
}
