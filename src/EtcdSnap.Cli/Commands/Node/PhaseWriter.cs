using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Core.ManifestRestore;

namespace EtcdSnap.Cli.Commands.Node;

/// <summary>Writes kubeadm-style progress lines (<c>[restore/manifest] …</c>) to stderr as they happen.</summary>
/// <remarks>Not <see cref="Progress{T}"/>: that posts to the thread pool and could reorder lines.</remarks>
internal sealed class PhaseWriter(TextWriter writer) : IProgress<PhaseLine>
{
    private readonly Lock _lock = new();

    /// <summary>Progress lines on the console's error stream.</summary>
    public static PhaseWriter For(CliConsole console) => new(console.Error);

    public void Report(PhaseLine value)
    {
        lock (_lock)
        {
            writer.WriteLine(value.ToString());
        }
    }
}
