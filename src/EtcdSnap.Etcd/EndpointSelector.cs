using System.Globalization;

namespace EtcdSnap.Etcd;

/// <summary>Why an endpoint was chosen.</summary>
public enum EndpointChoice
{
    /// <summary>The member is the raft leader: its data is the most recent committed state.</summary>
    Leader,

    /// <summary>No leader answered; the member has the highest revision of those that did.</summary>
    HighestRevision,
}

/// <summary>One endpoint's answer to the status query: a status, or why there was none.</summary>
/// <param name="Endpoint">The endpoint asked.</param>
/// <param name="Status">Its status; null when it did not answer.</param>
/// <param name="Error">Why it did not answer (<see cref="EtcdUnavailableException"/> or <see cref="EtcdRequestException"/>).</param>
public sealed record EndpointStatusResult(EtcdEndpoint Endpoint, EtcdMemberStatus? Status, Exception? Error);

/// <summary>The member chosen to talk to, why, and what every endpoint answered.</summary>
/// <param name="Endpoint">The chosen endpoint.</param>
/// <param name="Status">Its status at selection time.</param>
/// <param name="Choice">Leader or highest revision.</param>
/// <param name="Reason">One line for logs, e.g. <c>https://10.0.0.1:2379 is the leader (member 8e9e05c52164694d)</c>.</param>
/// <param name="All">Every endpoint in the order given, with its status or error.</param>
public sealed record EndpointSelection(
    EtcdEndpoint Endpoint,
    EtcdMemberStatus Status,
    EndpointChoice Choice,
    string Reason,
    IReadOnlyList<EndpointStatusResult> All);

/// <summary>
/// Picks the member to take a snapshot from when several endpoints are given: asks all of them for their status at once
/// (each bounded by the dial and command timeouts), takes the leader if it answered, otherwise the member with the
/// highest revision.
/// </summary>
public static class EndpointSelector
{
    /// <summary>Queries every endpoint of <paramref name="factory"/> concurrently and chooses one.</summary>
    /// <exception cref="EtcdUnavailableException">No endpoint answered; the message lists each endpoint's cause.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was canceled.</exception>
    public static async Task<EndpointSelection> SelectAsync(EtcdClientFactory factory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factory);
        var results = await Task.WhenAll(factory.Endpoints.Select(e => QueryAsync(factory, e, cancellationToken))).ConfigureAwait(false);
        return Choose(results);
    }

    /// <summary>The choice itself, separated from the network for testing.</summary>
    internal static EndpointSelection Choose(IReadOnlyList<EndpointStatusResult> results)
    {
        var answered = results.Where(r => r.Status is not null).ToList();
        if (answered.Count == 0)
        {
            throw NoneAnswered(results);
        }

        var leader = answered.Where(r => r.Status!.IsLeader).OrderByDescending(r => r.Status!.RaftTerm).FirstOrDefault();
        if (leader is not null)
        {
            return new EndpointSelection(leader.Endpoint, leader.Status!, EndpointChoice.Leader,
                $"{leader.Endpoint.Text} is the leader (member {Hex(leader.Status!.MemberId)})", results);
        }

        // Most data first; among equals the member that applied the most, voters before learners, then the order given.
        var best = answered
            .OrderByDescending(r => r.Status!.Revision)
            .ThenByDescending(r => r.Status!.RaftAppliedIndex)
            .ThenBy(r => r.Status!.IsLearner)
            .First();
        var knownLeader = answered.Select(r => r.Status!.LeaderId).FirstOrDefault(id => id != 0);
        var why = knownLeader != 0 ? $"the leader (member {Hex(knownLeader)}) did not answer" : "no member knows a leader";
        return new EndpointSelection(best.Endpoint, best.Status!, EndpointChoice.HighestRevision,
            $"{best.Endpoint.Text} has the highest revision ({best.Status!.Revision}) of {answered.Count} answering members; {why}",
            results);
    }

    private static async Task<EndpointStatusResult> QueryAsync(EtcdClientFactory factory, EtcdEndpoint endpoint,
        CancellationToken cancellationToken)
    {
        using var client = factory.CreateMemberClient(endpoint);
        try
        {
            return new EndpointStatusResult(endpoint, await client.StatusAsync(cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception e) when (e is EtcdUnavailableException or EtcdRequestException)
        {
            return new EndpointStatusResult(endpoint, null, e);
        }
    }

    private static EtcdUnavailableException NoneAnswered(IReadOnlyList<EndpointStatusResult> results)
    {
        var failures = results.Select(r => r.Error).OfType<Exception>().ToList();
        var message = results.Count == 1
            ? failures[0].Message
            : $"none of the {results.Count} endpoints answered: " + string.Join("; ", failures.Select(e => e.Message));
        return new EtcdUnavailableException(message, failures.Count == 1 ? failures[0] : new AggregateException(failures))
        {
            IsTransient = failures.Exists(e => e is EtcdUnavailableException { IsTransient: true }),
            Hint = failures.Select(e => (e as EtcdUnavailableException)?.Hint).FirstOrDefault(h => h is not null),
            Endpoint = results.Count == 1 ? results[0].Endpoint.Text : null,
        };
    }

    private static string Hex(ulong id) => id.ToString("x", CultureInfo.InvariantCulture);
}
