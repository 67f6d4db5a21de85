using System.Diagnostics;
using EtcdSnap.Core.Connection;
using EtcdSnap.Etcd;

namespace EtcdSnap.Core.ManifestRestore;

/// <summary>What etcd must show before a switched manifest counts as served.</summary>
/// <param name="MinRevision">The lowest acceptable revision (the snapshot's, plus the bump).</param>
/// <param name="MemberIds">Exactly these members; null accepts any.</param>
/// <param name="RequireLeader">A leader must be known (a one-member cluster elects itself; a member of a larger cluster
/// restored alone has no quorum until enough of the others are restored too).</param>
/// <param name="Before">What etcd answered before the switch; null when it did not answer.</param>
/// <param name="RequireRestart">The answer must come from a restarted etcd: the endpoint went away meanwhile, or its raft
/// index, revision or term moved in a way the old process could not have produced. The revision alone cannot tell old
/// from new: without a bump, after a rollback, or when the running etcd was restored from the same snapshot before.</param>
internal sealed record ComebackExpectation(long MinRevision, IReadOnlySet<ulong>? MemberIds, bool RequireLeader, EtcdObservation? Before,
    bool RequireRestart);

/// <summary>
/// Waits until etcd at the manifest's client URL serves what a switched manifest should: the kubelet has to notice the
/// new manifest, stop the old etcd and start the new one. Asks every <c>poll</c>, and reports each change of what it
/// sees as a progress line.
/// </summary>
internal static class EtcdComeback
{
    private static readonly TimeSpan s_heartbeat = TimeSpan.FromSeconds(10);

    /// <summary>Connects with the manifest's endpoint and certificates (short timeouts: an answer is expected fast).</summary>
    public static EtcdClientFactory Connect(string manifestPath, string hostRoot) =>
        EtcdClientFactory.Create(ConnectionResolver.Resolve(new ConnectionInputs
        {
            ManifestPath = manifestPath,
            HostRoot = hostRoot,
            DialTimeout = TimeSpan.FromSeconds(2),
            CommandTimeout = TimeSpan.FromSeconds(3),
            Environment = new Dictionary<string, string?>(),
        }).Options);

    /// <summary>Status and member list, or null with the reason when etcd does not answer.</summary>
    public static async Task<(EtcdObservation? Observation, string? Problem)> ObserveAsync(EtcdClientFactory factory,
        CancellationToken cancellationToken)
    {
        using var client = factory.CreateMemberClient();
        try
        {
            var status = await client.StatusAsync(cancellationToken).ConfigureAwait(false);
            var members = await client.MemberListAsync(cancellationToken).ConfigureAwait(false);
            return (new EtcdObservation(status, members.Members), null);
        }
        catch (Exception e) when (e is EtcdUnavailableException or EtcdRequestException)
        {
            return (null, e.Message);
        }
    }

    /// <summary>Polls until <paramref name="expect"/> holds.</summary>
    /// <exception cref="TimeoutException">It did not within <paramref name="timeout"/>; the message says what was seen last.</exception>
    public static async Task<RestoreHealth> WaitAsync(EtcdClientFactory factory, ComebackExpectation expect, TimeSpan timeout,
        TimeSpan poll, string phase, IProgress<PhaseLine>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var endpoint = factory.Endpoints[0].Text;
        var restarted = !expect.RequireRestart || expect.Before is null;
        string? lastLine = null;
        var lastReport = TimeSpan.Zero;
        while (true)
        {
            var (seen, problem) = await ObserveAsync(factory, cancellationToken).ConfigureAwait(false);
            restarted |= seen is null || ShowsRestart(expect.Before!, seen);
            var (done, line) = Judge(expect, seen, problem, restarted);
            if (line != lastLine || clock.Elapsed - lastReport >= s_heartbeat)
            {
                progress?.Report(new PhaseLine(phase, $"etcd at {endpoint} after {clock.Elapsed.TotalSeconds:0.0}s: {line}"));
                lastLine = line;
                lastReport = clock.Elapsed;
            }

            if (done)
            {
                return new RestoreHealth(endpoint, seen!, clock.Elapsed);
            }

            if (clock.Elapsed >= timeout)
            {
                throw new TimeoutException(line);
            }

            await Task.Delay(poll, cancellationToken).ConfigureAwait(false);
        }
    }

    private static (bool Done, string Line) Judge(ComebackExpectation expect, EtcdObservation? seen, string? problem, bool restarted)
    {
        if (seen is null)
        {
            // etcd serves clients only once it has published itself through raft, which needs a leader.
            return (false, "not answering (" + problem + ")" + (expect.MemberIds is { Count: > 1 } expected
                ? $"; a member of a {expected.Count}-member cluster answers once a majority of the members is restored"
                : ""));
        }

        var s = seen.Status;
        var what = seen.Describe();
        if (!restarted)
        {
            return (false, what + " — still the etcd from before the switch");
        }

        if (s.Revision < expect.MinRevision)
        {
            return (false, what + $" — waiting for revision {expect.MinRevision}");
        }

        if (expect.MemberIds is { } ids && !seen.Members.Select(m => m.Id).ToHashSet().SetEquals(ids))
        {
            return (false, what + $" — waiting for members {string.Join(", ", ids.Select(i => i.ToString("x", System.Globalization.CultureInfo.InvariantCulture)))}");
        }

        if (expect.RequireLeader && s.LeaderId == 0)
        {
            return (false, what + " — waiting for a leader");
        }

        return (true, what + " — serving");
    }

    // A single etcd process never lowers its raft index or its revision, and changes its term only in an election.
    private static bool ShowsRestart(EtcdObservation before, EtcdObservation now) =>
        now.Status.MemberId != before.Status.MemberId
        || now.Status.ClusterId != before.Status.ClusterId
        || now.Status.RaftIndex < before.Status.RaftIndex
        || now.Status.Revision < before.Status.Revision
        || now.Status.RaftTerm != before.Status.RaftTerm;
}
