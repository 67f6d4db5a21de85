namespace EtcdSnap.Core.ManifestRestore;

/// <summary>One progress line of a multi-step change on a node, printed as kubeadm does: <c>[restore/manifest] …</c>.</summary>
/// <param name="Phase">The phase, e.g. <c>restore/manifest</c>.</param>
/// <param name="Text">What happened, one line.</param>
public sealed record PhaseLine(string Phase, string Text)
{
    /// <summary><c>[phase] text</c>.</summary>
    public override string ToString() => $"[{Phase}] {Text}";
}
