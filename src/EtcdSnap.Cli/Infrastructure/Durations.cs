using EtcdSnap.Etcd;

namespace EtcdSnap.Cli.Infrastructure;

/// <summary>Duration flags, parsed the way etcdctl does (<see cref="GoDuration"/>), with usage errors naming the flag.</summary>
internal static class Durations
{
    /// <summary>Parses <paramref name="text"/> or throws <see cref="UsageException"/> naming the flag.</summary>
    public static TimeSpan Parse(string text, string flag) =>
        GoDuration.TryParse(text, out var value)
            ? value
            : throw new UsageException($"{flag}: invalid duration \"{text}\" (use e.g. 500ms, 2s, 1m30s)");
}
