using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace EtcdSnap.Kubernetes.Manifests;

/// <summary>
/// Parses one YAML document into a <see cref="SourceNode"/> tree with source offsets, using YamlDotNet's event
/// parser (no reflection, Native AOT safe).
/// </summary>
internal static class SourceYamlReader
{
    private const char ByteOrderMark = '\uFEFF';

    /// <summary>Parses <paramref name="text"/>; a leading byte order mark is skipped but offsets still index the
    /// original string.</summary>
    /// <exception cref="ManifestException">Invalid YAML, no document, more than one document, or a duplicate key.</exception>
    public static SourceNode Parse(string text, string path)
    {
        var offset = text.Length > 0 && text[0] == ByteOrderMark ? 1 : 0;
        var scanner = new Scanner(new StringReader(offset == 0 ? text : text[offset..]), skipComments: true);
        var parser = new Parser(scanner);
        var stack = new Stack<SourceNode>();
        var pendingKeys = new Stack<SourceNode?>();
        SourceNode? root = null;
        var documents = 0;
        try
        {
            while (parser.MoveNext())
            {
                switch (parser.Current)
                {
                    case DocumentStart:
                        documents++;
                        if (documents > 1)
                        {
                            throw new ManifestException(path,
                                $"holds more than one YAML document (the second starts at line {parser.Current.Start.Line}); "
                                + "a static pod manifest holds exactly one");
                        }

                        break;
                    case Scalar s:
                        Add(SourceNode.Scalar(Shift(s.Start, offset), Shift(s.End, offset), s.Value, s.Style, Name(s.Anchor),
                            Name(s.Tag), stack.Any(n => n.IsFlow)));
                        break;
                    case AnchorAlias a:
                        Add(SourceNode.AliasTo(Shift(a.Start, offset), Shift(a.End, offset), a.Value.Value));
                        break;
                    case MappingStart m:
                        Open(SourceNode.Collection(SourceNodeKind.Mapping, Shift(m.Start, offset), m.Style == MappingStyle.Flow,
                            Name(m.Anchor), Name(m.Tag)));
                        break;
                    case SequenceStart q:
                        Open(SourceNode.Collection(SourceNodeKind.Sequence, Shift(q.Start, offset), q.Style == SequenceStyle.Flow,
                            Name(q.Anchor), Name(q.Tag)));
                        break;
                    case MappingEnd or SequenceEnd:
                        var closed = stack.Pop();
                        pendingKeys.Pop();
                        closed.Close(Shift(parser.Current.Start, offset));
                        break;
                }
            }
        }
        catch (YamlException e)
        {
            throw new ManifestException(path,
                $"invalid YAML at line {e.Start.Line}, column {e.Start.Column}: {Tidy(e.Message)}", e);
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or IndexOutOfRangeException
                                      or NullReferenceException)
        {
            // YamlDotNet's scanner throws these on some malformed inputs instead of a YamlException.
            throw new ManifestException(path,
                $"invalid YAML at line {scanner.CurrentPosition.Line}, column {scanner.CurrentPosition.Column}: "
                + "the YAML parser could not read on from here", e);
        }

        return root ?? throw new ManifestException(path, "is empty (no YAML document)");

        void Open(SourceNode node)
        {
            Add(node);
            stack.Push(node);
            pendingKeys.Push(null);
        }

        void Add(SourceNode node)
        {
            if (stack.Count == 0)
            {
                root = node;
                return;
            }

            var parent = stack.Peek();
            if (parent.Kind == SourceNodeKind.Sequence)
            {
                parent.Items.Add(node);
                return;
            }

            var key = pendingKeys.Pop();
            if (key is null)
            {
                pendingKeys.Push(node);
                return;
            }

            pendingKeys.Push(null);
            if (key.Kind != SourceNodeKind.Scalar)
            {
                throw new ManifestException(path, $"mapping key at {key.Where} is {key.Describe()}; only scalar keys are supported");
            }

            if (parent.GetKey(key.Value) is { } first)
            {
                throw new ManifestException(path,
                    $"duplicate key \"{key.Value}\" at {key.Where} (first at {first.Where})");
            }

            parent.Pairs.Add(new(key, node));
        }
    }

    private static Mark Shift(Mark mark, int offset) =>
        offset == 0 ? mark : new Mark(mark.Index + offset, mark.Line, mark.Column);

    private static string? Name(AnchorName anchor) => anchor.IsEmpty ? null : anchor.Value;

    private static string? Name(TagName tag) => tag.IsEmpty || tag.IsNonSpecific ? null : tag.Value;

    private static string Tidy(string message)
    {
        var m = message.Trim().TrimEnd('.');
        return m.Length > 0 ? char.ToLowerInvariant(m[0]) + m[1..] : "unknown error";
    }
}
