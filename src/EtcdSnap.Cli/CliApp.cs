using System.CommandLine;
using System.CommandLine.Help;
using EtcdSnap.Cli.Commands;
using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Cli.Printing;

namespace EtcdSnap.Cli;

/// <summary>Builds the command tree and runs one command line; in-process tests call <see cref="RunAsync"/>.</summary>
internal static class CliApp
{
    /// <summary>Parses and runs <paramref name="args"/>, returning the process exit code. Never throws.</summary>
    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default)
    {
        var root = CommandTree.Build(console);
        // No @response-file expansion: "@daily" is a cron schedule here, and a flag value starting with @ is data.
        var parseResult = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var verbose = parseResult.GetValue(GlobalOptions.Verbose);
        var reporter = new ErrorReporter(console.Error);
        if (parseResult.Errors.Count > 0 && parseResult.Action is not (HelpAction or DetailedHelpAction))
        {
            foreach (var error in parseResult.Errors)
            {
                console.Error.WriteLine("error: " + error.Message);
            }

            console.Error.WriteLine($"hint: run '{CommandPath(parseResult)} --help' for usage");
            return (int)ExitCode.Usage;
        }

        try
        {
            var invocation = new InvocationConfiguration
            {
                EnableDefaultExceptionHandler = false,
                Output = console.Out,
                Error = console.Error,
            };
            return await parseResult.InvokeAsync(invocation, cancellationToken);
        }
        catch (Exception e)
        {
            return (int)reporter.Report(e, verbose);
        }
    }

    private static string CommandPath(ParseResult result)
    {
        var names = new List<string>();
        for (var c = result.CommandResult; c is not null; c = c.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, c.Command.Name);
        }

        names[0] = "etcdsnap";
        return string.Join(' ', names);
    }
}
