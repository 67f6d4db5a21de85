using EtcdSnap.Formats;

namespace EtcdSnap.Kubernetes;

/// <summary>A static pod manifest is missing, malformed, or not the etcd pod we expect.</summary>
/// <remarks>The message is always one line: control characters quoted from the file are escaped.</remarks>
public sealed class ManifestException(string path, string message, Exception? inner = null)
    : Exception(OneLine.Escape($"manifest {path}: {message}"), inner)
{
    /// <summary>The manifest file.</summary>
    public string Path { get; } = path;

    /// <summary>A concrete next step for the user, when there is one.</summary>
    public string? Hint { get; init; }
}
