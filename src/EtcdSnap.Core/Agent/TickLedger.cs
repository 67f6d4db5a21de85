using System.Globalization;
using EtcdSnap.Core.Backups;
using EtcdSnap.Etcd;
using EtcdSnap.Storage.Backups;

namespace EtcdSnap.Core.Agent;

/// <summary>
/// Which schedule tick was backed up last, so that a new leader neither repeats a tick nor misses the one it took
/// over in. Two records, either enough: the backup's manifest carries the tick as a label (<see cref="BackupLabels.Tick"/>;
/// the manifest is the commit point, so this is the ground truth) and, after it, etcd holds
/// <c>/etcdsnap/agent/NAME/last-tick</c> (cheap to read; may lag by the one backup whose agent died in between).
/// </summary>
internal static class TickLedger
{
    /// <summary>Prefix of every key the agent writes to etcd.</summary>
    public const string KeyPrefix = "/etcdsnap/agent/";

    /// <summary>The etcd key holding the last completed tick of election <paramref name="election"/>.</summary>
    public static string Key(string election) => $"{KeyPrefix}{election}/last-tick";

    /// <summary>The election name of an agent group (its leader campaigns under it).</summary>
    public static string ElectionName(string election) => $"{KeyPrefix}{election}/leader";

    /// <summary>A tick as text: UTC to the second, ISO 8601 (<c>2026-11-27T14:00:00Z</c>).</summary>
    public static string Format(DateTimeOffset tick) =>
        tick.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Parses <see cref="Format"/>'s output; null for anything else.</summary>
    public static DateTimeOffset? Parse(string? text) =>
        DateTimeOffset.TryParseExact(text, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;

    /// <summary>The last completed tick recorded in etcd, or null.</summary>
    /// <exception cref="EtcdUnavailableException">The member could not be reached.</exception>
    public static async Task<DateTimeOffset?> ReadAsync(EtcdMemberClient client, string election, CancellationToken cancellationToken)
    {
        var result = await client.RangeAsync(Key(election), cancellationToken: cancellationToken).ConfigureAwait(false);
        return result.Kvs.Count == 0 ? null : Parse(result.Kvs[0].ValueText);
    }

    /// <summary>Records <paramref name="tick"/> as completed unless a later tick is recorded already.</summary>
    /// <exception cref="EtcdUnavailableException">The member could not be reached.</exception>
    public static async Task WriteAsync(EtcdMemberClient client, string election, DateTimeOffset tick, CancellationToken cancellationToken)
    {
        // Not atomic (the client offers no transactions): a stale leader may move the record back by a tick. That only
        // costs a repository lookup later; the manifest's label still says the tick is done.
        if (await ReadAsync(client, election, cancellationToken).ConfigureAwait(false) is { } recorded && recorded >= tick)
        {
            return;
        }

        await client.PutAsync(Key(election), Format(tick), cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The newest tick of <paramref name="election"/> among <paramref name="backups"/> (complete ones), or null.</summary>
    public static DateTimeOffset? LatestInRepository(IEnumerable<BackupManifest> backups, string election)
    {
        ArgumentNullException.ThrowIfNull(backups);
        DateTimeOffset? latest = null;
        foreach (var backup in backups)
        {
            if (backup.Labels.GetValueOrDefault(BackupLabels.Election) == election
                && Parse(backup.Labels.GetValueOrDefault(BackupLabels.Tick)) is { } tick
                && (latest is null || tick > latest))
            {
                latest = tick;
            }
        }

        return latest;
    }
}
