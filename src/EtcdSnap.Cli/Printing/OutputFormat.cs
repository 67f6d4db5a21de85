namespace EtcdSnap.Cli.Printing;

/// <summary>The `-o` choices of every read command.</summary>
internal enum OutputFormat
{
    /// <summary>Human-readable columns (the default).</summary>
    Table,

    /// <summary>Indented JSON; a stable contract for scripts.</summary>
    Json,

    /// <summary>YAML with the same shape as the JSON.</summary>
    Yaml,
}
