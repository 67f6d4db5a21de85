namespace EtcdSnap.Formats.Bbolt;

/// <summary>What kind of inconsistency a <see cref="BboltFinding"/> reports (bbolt <c>tx_check.go</c> wording in brackets).</summary>
public enum BboltFindingKind
{
    /// <summary>A page id appears more than once in the freelist ("already freed").</summary>
    AlreadyFreed,

    /// <summary>A page is neither reachable from a bucket nor free ("unreachable unfreed").</summary>
    UnreachableUnfreed,

    /// <summary>A page is referenced by more than one parent ("multiple references").</summary>
    MultipleReferences,

    /// <summary>A page reachable from a bucket is also in the freelist ("reachable freed").</summary>
    ReachableFreed,

    /// <summary>A bucket page that is not a branch or leaf page ("invalid type").</summary>
    InvalidPageType,

    /// <summary>A page id at or above the high-water mark ("out of bounds").</summary>
    OutOfBounds,

    /// <summary>Keys not strictly ascending in a page, or outside the range the parent branch gives them.</summary>
    KeyOrder,

    /// <summary>A page whose header id is not the id it was reached by.</summary>
    PageIdMismatch,

    /// <summary>Elements, keys or values that do not fit in their page; a bucket header that is too short.</summary>
    Malformed,

    /// <summary>The freelist page is missing, of the wrong type or malformed.</summary>
    InvalidFreelist,

    /// <summary>The file ends before the last page in use; pages past the end cannot be read.</summary>
    Truncated,

    /// <summary>Too many findings: the rest were counted but not listed.</summary>
    TooManyFindings,
}

/// <summary>One inconsistency found by <see cref="BboltChecker"/>.</summary>
/// <param name="PageId">The page concerned (for an inline bucket: the page holding it), when there is one.</param>
/// <param name="Kind">The category.</param>
/// <param name="Message">One line, in the spirit of bbolt's own messages.</param>
public sealed record BboltFinding(ulong? PageId, BboltFindingKind Kind, string Message)
{
    /// <inheritdoc/>
    public override string ToString() => Message;
}
