using System.Reflection;

namespace EtcdSnap.Core;

/// <summary>Who wrote a file: recorded in sidecars and backup manifests.</summary>
public static class ToolInfo
{
    /// <summary>The tool version (informational version without the source-revision suffix).</summary>
    public static string Version { get; } =
        (typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0")
        .Split('+')[0];
}
