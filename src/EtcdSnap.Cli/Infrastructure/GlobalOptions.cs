using System.CommandLine;

namespace EtcdSnap.Cli.Infrastructure;

/// <summary>Options every command accepts.</summary>
internal static class GlobalOptions
{
    /// <summary>Show stack traces and debug detail on errors.</summary>
    public static Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Print details and stack traces on errors",
        Recursive = true,
    };
}
