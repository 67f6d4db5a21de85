namespace EtcdSnap.Core.Inspection;

/// <summary>How much the replay reads of each value (every level keeps memory independent of value sizes).</summary>
internal enum ReplayDepth
{
    /// <summary>Encoding from the first bytes (and CRD names): enough to find one object and to check Secrets.</summary>
    Encoding,

    /// <summary>Also apiVersion and kind from the envelope or JSON: what <c>ls</c> prints.</summary>
    TypeMeta,

    /// <summary>Also a SHA-256 of each value: what <c>diff</c> compares.</summary>
    Digest,
}
