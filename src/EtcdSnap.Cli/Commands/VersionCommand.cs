using System.CommandLine;
using System.Reflection;
using System.Runtime.InteropServices;
using EtcdSnap.Cli.Infrastructure;

namespace EtcdSnap.Cli.Commands;

/// <summary>`etcdsnap version`: the tool's version and, when an endpoint is known, the server's.</summary>
internal static class VersionCommand
{
    /// <summary>The tool version: informational version without the source-revision suffix.</summary>
    public static string ToolVersion { get; } =
        (typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0")
        .Split('+')[0];

    public static Command Create(CliConsole console)
    {
        var command = new Command("version", "Print the etcdsnap version");
        command.SetAction((ParseResult _) =>
        {
            console.Out.WriteLine($"etcdsnap version: {ToolVersion}");
            console.Out.WriteLine($"runtime: {RuntimeInformation.FrameworkDescription} {RuntimeInformation.RuntimeIdentifier}");
            return 0;
        });
        return command;
    }
}
