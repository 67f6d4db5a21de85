using System.Globalization;

namespace EtcdSnap.Core.Node;

/// <summary>What happened to a static pod.</summary>
public enum KubeletEventKind
{
    /// <summary>The pod's container was started (or, for a nominal pod, taken as running).</summary>
    Started,

    /// <summary>The kubelet stopped the container: its manifest changed or disappeared, or the kubelet is stopping.</summary>
    Stopped,

    /// <summary>The container exited on its own; it is restarted after a back-off, as with <c>restartPolicy: Always</c>.</summary>
    Exited,

    /// <summary>The pod could not be started: the manifest is invalid, a hostPath is missing, the binary cannot run.</summary>
    Failed,
}

/// <summary>One event of <see cref="LocalKubelet"/>.</summary>
/// <param name="Sequence">1, 2, 3… in the order the events happened.</param>
/// <param name="Time">When it happened.</param>
/// <param name="Kind">What happened.</param>
/// <param name="ManifestFile">The manifest's file name in the manifests folder (the pod's identity).</param>
/// <param name="PodName">The pod name as the API server would show the mirror pod (<c>etcd-controlplane</c>).</param>
/// <param name="Nominal">True for a pod this kubelet does not really run (everything but etcd).</param>
/// <param name="Pid">The container's process ID, when there is a process.</param>
/// <param name="ExitCode">The exit code, for <see cref="KubeletEventKind.Stopped"/> and <see cref="KubeletEventKind.Exited"/>
/// (128 + the signal number when a signal ended it).</param>
/// <param name="Reason">Why, in a few words (<c>manifest changed</c>, the last line etcd logged, …).</param>
public sealed record KubeletEvent(
    long Sequence,
    DateTimeOffset Time,
    KubeletEventKind Kind,
    string ManifestFile,
    string PodName,
    bool Nominal,
    int? Pid,
    int? ExitCode,
    string Reason)
{
    /// <summary>One line, e.g. <c>started etcd-controlplane (pid 4242): manifest added</c>.</summary>
    public override string ToString()
    {
        var verb = Kind switch
        {
            KubeletEventKind.Started => "started",
            KubeletEventKind.Stopped => "stopped",
            KubeletEventKind.Exited => "exited",
            _ => "failed to start",
        };
        var details = new List<string>();
        if (Nominal)
        {
            details.Add("nominal");
        }

        if (Pid is { } pid)
        {
            details.Add("pid " + pid.ToString(CultureInfo.InvariantCulture));
        }

        if (ExitCode is { } code)
        {
            details.Add("exit code " + code.ToString(CultureInfo.InvariantCulture));
        }

        var detail = details.Count == 0 ? "" : " (" + string.Join(", ", details) + ")";
        return $"{verb} {PodName}{detail}: {Reason}";
    }
}
