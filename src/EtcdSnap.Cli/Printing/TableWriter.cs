namespace EtcdSnap.Cli.Printing;

/// <summary>kubectl-style columns: upper-case headers, left-aligned cells, three spaces between columns.</summary>
internal sealed class TableWriter(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    /// <summary>Adds a row; missing cells print empty, extra cells are an error of the caller.</summary>
    public TableWriter Row(params object?[] cells)
    {
        if (cells.Length > headers.Length)
        {
            throw new ArgumentException($"row has {cells.Length} cells, table has {headers.Length} columns", nameof(cells));
        }

        var row = new string[headers.Length];
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = i < cells.Length ? Format(cells[i]) : "";
        }

        _rows.Add(row);
        return this;
    }

    /// <summary>Number of rows added so far.</summary>
    public int Count => _rows.Count;

    /// <summary>Writes the header and rows.</summary>
    public void WriteTo(TextWriter writer)
    {
        var widths = new int[headers.Length];
        for (var i = 0; i < headers.Length; i++)
        {
            widths[i] = Math.Max(headers[i].Length, _rows.Count == 0 ? 0 : _rows.Max(r => r[i].Length));
        }

        WriteLine(writer, headers, widths);
        foreach (var row in _rows)
        {
            WriteLine(writer, row, widths);
        }
    }

    private static void WriteLine(TextWriter writer, string[] cells, int[] widths)
    {
        var line = new System.Text.StringBuilder();
        for (var i = 0; i < cells.Length; i++)
        {
            line.Append(i == cells.Length - 1 ? cells[i] : cells[i].PadRight(widths[i] + 3));
        }

        writer.WriteLine(line.ToString().TrimEnd());
    }

    private static string Format(object? cell) => cell switch
    {
        null => "",
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => cell.ToString() ?? "",
    };
}
