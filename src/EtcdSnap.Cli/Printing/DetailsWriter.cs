namespace EtcdSnap.Cli.Printing;

/// <summary>A `kubectl describe`-like block: one "Field:   value" line each, values aligned.</summary>
internal sealed class DetailsWriter
{
    private readonly List<(string Name, string Value)> _lines = [];

    /// <summary>Adds a line; null values are skipped.</summary>
    public DetailsWriter Add(string name, object? value)
    {
        if (value is not null)
        {
            _lines.Add((name, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""));
        }

        return this;
    }

    /// <summary>Writes the lines.</summary>
    public void WriteTo(TextWriter writer)
    {
        var width = _lines.Count == 0 ? 0 : _lines.Max(l => l.Name.Length) + 2;
        foreach (var (name, value) in _lines)
        {
            writer.WriteLine((name + ":").PadRight(width + 1) + value);
        }
    }
}
