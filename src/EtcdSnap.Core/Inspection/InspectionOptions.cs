namespace EtcdSnap.Core.Inspection;

/// <summary>How to read a snapshot for inspection.</summary>
public sealed record InspectionOptions
{
    /// <summary>kube-apiserver's <c>--etcd-prefix</c> of the cluster the snapshot came from.</summary>
    public string EtcdPrefix { get; init; } = Inspection.EtcdPrefix.Default;

    /// <summary>Check the SHA-256 trailer first (a file without one is then an error); inspection itself needs none.</summary>
    public bool VerifyTrailer { get; init; }
}
