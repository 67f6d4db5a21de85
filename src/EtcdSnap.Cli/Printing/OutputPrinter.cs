using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using EtcdSnap.Cli.Infrastructure;

namespace EtcdSnap.Cli.Printing;

/// <summary>Prints one result in the format the user chose; JSON and YAML share one shape.</summary>
internal static class OutputPrinter
{
    /// <summary>Writes <paramref name="value"/> to stdout as a table (via <paramref name="table"/>), JSON or YAML.</summary>
    public static void Print<T>(CliConsole console, OutputFormat format, T value, JsonTypeInfo<T> typeInfo,
        Action<TextWriter, T> table)
    {
        switch (format)
        {
            case OutputFormat.Json:
                console.Out.WriteLine(JsonSerializer.Serialize(value, typeInfo));
                break;
            case OutputFormat.Yaml:
                YamlWriter.Write(console.Out, JsonSerializer.SerializeToNode(value, typeInfo));
                break;
            default:
                table(console.Out, value);
                break;
        }
    }
}
