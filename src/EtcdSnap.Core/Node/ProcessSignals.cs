using System.Runtime.InteropServices;

namespace EtcdSnap.Core.Node;

/// <summary>Sends a signal to a process: .NET only offers SIGKILL (<see cref="System.Diagnostics.Process.Kill()"/>),
/// and a kubelet stops containers with SIGTERM first.</summary>
/// <remarks><c>DllImport</c> with a blittable signature: no unsafe code, and Native AOT generates the stub at compile
/// time (the same choice as Formats' libc calls).</remarks>
internal static class ProcessSignals
{
    /// <summary>SIGTERM on Linux (every architecture).</summary>
    public const int SigTerm = 15;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>; false when the process is already gone.</summary>
    public static bool Send(int pid, int signal) => !OperatingSystem.IsWindows() && Kill(pid, signal) == 0;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);
}
