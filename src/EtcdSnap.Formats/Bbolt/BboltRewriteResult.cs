namespace EtcdSnap.Formats.Bbolt;

/// <summary>What <see cref="BboltRewriter.Rewrite"/> did.</summary>
/// <param name="SourceSha256">SHA-256 of the source's db bytes (compare with the snapshot trailer); null when not asked for.</param>
/// <param name="SourceDbLength">Number of source bytes hashed.</param>
/// <param name="TargetLength">Length of the written file (high-water mark × page size).</param>
/// <param name="HighWaterMark">Pages in use in the written file.</param>
/// <param name="TxId">Transaction id of the written file's current meta.</param>
/// <param name="PagesWritten">New pages appended after the copied ones (the edited nodes).</param>
public sealed record BboltRewriteResult(byte[]? SourceSha256, long SourceDbLength, long TargetLength, ulong HighWaterMark,
    ulong TxId, long PagesWritten);
