using System.Text.Json.Nodes;
using EtcdSnap.Kubernetes.Objects;

namespace EtcdSnap.Core.Inspection;

/// <summary>One object read from a snapshot (what <c>etcdsnap get</c> prints).</summary>
public sealed record SnapshotObjectDetail
{
    /// <summary>The snapshot's revision.</summary>
    public required long Revision { get; init; }

    /// <summary>The resource the query named, resolved.</summary>
    public required ResolvedResource Resource { get; init; }

    /// <summary>The object's key and etcd facts.</summary>
    public required SnapshotObject Summary { get; init; }

    /// <summary>What was decoded from the value.</summary>
    public required StoredObject Stored { get; init; }

    /// <summary>The object in kubectl's shape: decoded parts as they are, undecoded parts described, never guessed.</summary>
    public required JsonObject Document { get; init; }

    /// <summary>Secrets of the whole snapshot and how many are stored unencrypted.</summary>
    public required SecretExposure Secrets { get; init; }
}
