namespace EtcdSnap.Formats.Bbolt;

/// <summary>Hands out page ids after the source's high-water mark and keeps the new nodes until they are written.</summary>
internal sealed class PageAllocator(int pageSize, ulong firstId)
{
    private readonly List<(ulong Id, byte[] Node)> _nodes = [];

    public int PageSize { get; } = pageSize;

    public ulong FirstId { get; } = firstId;

    /// <summary>The next free id: the new high-water mark once everything is allocated.</summary>
    public ulong NextId { get; private set; } = firstId;

    public IReadOnlyList<(ulong Id, byte[] Node)> Nodes => _nodes;

    /// <summary>Allocates a zeroed node for <paramref name="bytes"/> bytes; returns its first page id and overflow.</summary>
    public (ulong Id, uint Overflow, byte[] Node) Allocate(long bytes)
    {
        var pages = Math.Max(1, (bytes + PageSize - 1) / PageSize);
        var length = pages * PageSize;
        if (length > Array.MaxLength)
        {
            throw new InvalidOperationException($"a node of {bytes} bytes is larger than bbolt supports");
        }

        var node = new byte[length];
        var id = NextId;
        NextId += (ulong)pages;
        _nodes.Add((id, node));
        return (id, (uint)(pages - 1), node);
    }
}
