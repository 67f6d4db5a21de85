namespace EtcdSnap.Cli.Infrastructure;

/// <summary>Where a command writes: results to <see cref="Out"/>, progress and errors to <see cref="Error"/>.</summary>
/// <param name="Out">Standard output: results only, so `-o json | jq` always works.</param>
/// <param name="Error">Standard error: progress, warnings, errors.</param>
/// <param name="Interactive">True when a person is watching (stdout and stderr are terminals): progress bars on.</param>
internal sealed record CliConsole(TextWriter Out, TextWriter Error, bool Interactive)
{
    /// <summary>The process's own console.</summary>
    public static CliConsole System { get; } = new(
        Console.Out,
        Console.Error,
        !Console.IsOutputRedirected && !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("TERM") != "dumb");

    /// <summary>Writes a warning line to standard error.</summary>
    public void Warn(string message) => Error.WriteLine("warning: " + message);
}
