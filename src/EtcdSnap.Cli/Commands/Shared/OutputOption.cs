using System.CommandLine;
using EtcdSnap.Cli.Printing;

namespace EtcdSnap.Cli.Commands.Shared;

/// <summary>`-o, --output table|json|yaml`, on every read command.</summary>
internal static class OutputOption
{
    /// <summary>Creates the option (a new instance per command, as System.CommandLine requires).</summary>
    public static Option<OutputFormat> Create(OutputFormat defaultFormat = OutputFormat.Table)
    {
        var option = new Option<OutputFormat>("--output", "-o")
        {
            Description = "Output format: table, json or yaml",
            HelpName = "table|json|yaml",
            DefaultValueFactory = _ => defaultFormat,
            CustomParser = r =>
            {
                var text = r.Tokens.Count == 0 ? "" : r.Tokens[0].Value;
                switch (text.ToLowerInvariant())
                {
                    case "table": return OutputFormat.Table;
                    case "json": return OutputFormat.Json;
                    case "yaml": return OutputFormat.Yaml;
                    default:
                        r.AddError($"--output: unknown format \"{text}\" (use table, json or yaml)");
                        return defaultFormat;
                }
            },
        };
        option.CompletionSources.Add("table", "json", "yaml");
        return option;
    }
}
