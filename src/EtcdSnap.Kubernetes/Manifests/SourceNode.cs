using YamlDotNet.Core;

namespace EtcdSnap.Kubernetes.Manifests;

/// <summary>The kind of a <see cref="SourceNode"/>.</summary>
internal enum SourceNodeKind
{
    Scalar,
    Mapping,
    Sequence,
    Alias,
}

/// <summary>
/// A YAML node together with where it sits in the source text, so that an edit can replace exactly its characters
/// and leave everything else byte-identical.
/// </summary>
/// <remarks>
/// YamlDotNet's representation model keeps no end position for mappings and sequences (their End mark equals their
/// Start mark), so <see cref="SourceYamlReader"/> builds this small tree from the parser's events instead.
/// Offsets are indices into the string that was parsed (UTF-16 code units, counting <c>\r</c>).
/// </remarks>
internal sealed class SourceNode
{
    private SourceNode(SourceNodeKind kind, Mark start)
    {
        Kind = kind;
        Start = (int)start.Index;
        End = Start;
        Line = (int)start.Line;
        Column = (int)start.Column;
    }

    public SourceNodeKind Kind { get; }

    /// <summary>Index of the first character (for a node with an anchor or tag, of the anchor or tag).</summary>
    public int Start { get; }

    /// <summary>Index just past the last character: for scalars the value itself, for flow collections the closing
    /// bracket, for block collections the end of their last child.</summary>
    public int End { get; private set; }

    /// <summary>1-based line of <see cref="Start"/>.</summary>
    public int Line { get; }

    /// <summary>1-based column of <see cref="Start"/>.</summary>
    public int Column { get; }

    /// <summary>Scalar text after YAML unquoting; empty for collections.</summary>
    public string Value { get; private init; } = "";

    public ScalarStyle ScalarStyle { get; private init; }

    /// <summary>True for <c>{…}</c> and <c>[…]</c> collections.</summary>
    public bool IsFlow { get; private init; }

    /// <summary>Index of the closing <c>}</c> or <c>]</c> of a flow collection; -1 otherwise.</summary>
    public int FlowCloseIndex { get; private set; } = -1;

    public string? Anchor { get; private init; }

    /// <summary>True when the node sits inside a flow collection, where <c>,[]{}</c> end a plain scalar.</summary>
    public bool InFlow { get; private init; }

    public string? Tag { get; private init; }

    public List<KeyValuePair<SourceNode, SourceNode>> Pairs { get; } = [];

    public List<SourceNode> Items { get; } = [];

    /// <summary>"line 12, column 5", for messages.</summary>
    public string Where => $"line {Line}, column {Column}";

    /// <summary>True for a scalar that YAML resolves to null (empty, <c>~</c>, <c>null</c>) when plain.</summary>
    public bool IsNull => Kind == SourceNodeKind.Scalar && ScalarStyle is ScalarStyle.Plain or ScalarStyle.Any
        && string.IsNullOrEmpty(Tag) && Value is "" or "~" or "null" or "Null" or "NULL";

    public static SourceNode Scalar(Mark start, Mark end, string value, ScalarStyle style, string? anchor, string? tag,
        bool inFlow) =>
        new(SourceNodeKind.Scalar, start)
        {
            InFlow = inFlow,
            End = (int)end.Index,
            Value = value,
            ScalarStyle = style,
            Anchor = anchor,
            Tag = tag,
        };

    public static SourceNode Collection(SourceNodeKind kind, Mark start, bool flow, string? anchor, string? tag) =>
        new(kind, start) { IsFlow = flow, Anchor = anchor, Tag = tag };

    public static SourceNode AliasTo(Mark start, Mark end, string anchor) =>
        new(SourceNodeKind.Alias, start) { End = (int)end.Index, Anchor = anchor };

    /// <summary>Closes a collection: records the closing bracket of a flow collection or the end of the last child.</summary>
    public void Close(Mark endEventStart)
    {
        if (IsFlow)
        {
            FlowCloseIndex = (int)endEventStart.Index;
            End = FlowCloseIndex + 1;
            return;
        }

        var last = Kind == SourceNodeKind.Mapping
            ? (Pairs.Count > 0 ? Pairs[^1].Value : null)
            : (Items.Count > 0 ? Items[^1] : null);
        End = last is null ? Start : Math.Max(last.End, Start);
    }

    /// <summary>The value under <paramref name="key"/> in a mapping, or null.</summary>
    public SourceNode? Get(string key)
    {
        if (Kind != SourceNodeKind.Mapping)
        {
            return null;
        }

        foreach (var pair in Pairs)
        {
            if (pair.Key.Kind == SourceNodeKind.Scalar && string.Equals(pair.Key.Value, key, StringComparison.Ordinal))
            {
                return pair.Value;
            }
        }

        return null;
    }

    /// <summary>The key node for <paramref name="key"/> in a mapping, or null.</summary>
    public SourceNode? GetKey(string key)
    {
        foreach (var pair in Pairs)
        {
            if (pair.Key.Kind == SourceNodeKind.Scalar && string.Equals(pair.Key.Value, key, StringComparison.Ordinal))
            {
                return pair.Key;
            }
        }

        return null;
    }

    /// <summary>A short name of the node's kind for messages ("a mapping", "a sequence", "the scalar \"x\"").</summary>
    public string Describe() => Kind switch
    {
        SourceNodeKind.Mapping => "a mapping",
        SourceNodeKind.Sequence => "a sequence",
        SourceNodeKind.Alias => $"an alias (*{Anchor})",
        _ => IsNull ? "null" : $"the scalar \"{Value}\"",
    };
}
