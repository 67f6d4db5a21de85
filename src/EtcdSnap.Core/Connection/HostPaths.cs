namespace EtcdSnap.Core.Connection;

/// <summary>Node paths seen from this process, when the node's root filesystem is mounted somewhere else.</summary>
public static class HostPaths
{
    /// <summary>Where this process finds the node's absolute <paramref name="nodePath"/>, given the node's root.</summary>
    public static string Under(string hostRoot, string nodePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(hostRoot);
        ArgumentException.ThrowIfNullOrEmpty(nodePath);
        return hostRoot == "/" ? nodePath : Path.Join(hostRoot, nodePath.TrimStart('/'));
    }
}
