namespace EtcdSnap.Formats.Bbolt;

/// <summary>The bookkeeping of bbolt's <c>Tx.Check</c>: reachable and freed pages, plus every finding.</summary>
internal sealed class CheckState
{
    /// <summary>Findings kept in memory; a broken file can produce one per page.</summary>
    public const int MaxListed = 10_000;

    private readonly List<BboltFinding> _findings = [];

    public CheckState(BboltFile file)
    {
        // Pages past the end of a truncated file cannot be read: size the bitmaps by what is really there.
        var existing = (ulong)(file.FileLength / file.PageSize);
        Size = Math.Min(file.Meta.HighWaterMark, existing);
        Reachable = new PageBitmap(Size);
        Freed = new PageBitmap(Size);
    }

    /// <summary>Pages tracked: min(high-water mark, pages in the file).</summary>
    public ulong Size { get; }

    public PageBitmap Reachable { get; }

    public PageBitmap Freed { get; }

    /// <summary>Total number of findings, including those not listed.</summary>
    public long Count { get; private set; }

    public IReadOnlyList<BboltFinding> Findings => _findings;

    public void Add(ulong? pageId, BboltFindingKind kind, string message)
    {
        Count++;
        if (_findings.Count < MaxListed)
        {
            _findings.Add(new BboltFinding(pageId, kind, message));
        }
    }

    /// <summary>The listed findings, with a last line counting the unlisted ones when there are any.</summary>
    public IReadOnlyList<BboltFinding> Complete()
    {
        if (Count > _findings.Count)
        {
            var extra = Count - _findings.Count;
            return [.. _findings, new BboltFinding(null, BboltFindingKind.TooManyFindings, $"{extra} more findings not listed")];
        }

        return _findings;
    }
}
