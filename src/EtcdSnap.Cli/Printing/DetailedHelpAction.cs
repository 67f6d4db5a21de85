using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace EtcdSnap.Cli.Printing;

/// <summary>System.CommandLine's help, followed by the command's details and examples.</summary>
internal sealed class DetailedHelpAction(HelpAction inner, IReadOnlyDictionary<Command, string> details) : SynchronousCommandLineAction
{
    /// <inheritdoc />
    public override int Invoke(ParseResult parseResult)
    {
        var code = inner.Invoke(parseResult);
        if (details.TryGetValue(parseResult.CommandResult.Command, out var text))
        {
            var output = parseResult.InvocationConfiguration.Output;
            foreach (var line in text.Split('\n'))
            {
                output.WriteLine(line.Length == 0 ? "" : "  " + line);
            }

            output.WriteLine();
        }

        return code;
    }
}
