using System.Buffers;
using System.Runtime.Versioning;
using System.Security.Cryptography;
using EtcdSnap.Formats.IO;
using Microsoft.Win32.SafeHandles;

namespace EtcdSnap.Formats.Bbolt;

/// <summary>
/// Produces an edited copy of a bbolt db (for restore: the new <c>member/snap/db</c>) at close to the speed of a plain
/// file copy: the source pages are copied sequentially (hashing them with SHA-256 on the way), the edited nodes are
/// appended as new pages copy-on-write, and two new meta pages with higher txids point at the new root.
/// </summary>
/// <remarks>
/// The result has no persisted freelist (<c>0xFF..FF</c>, like every etcd db written on Linux), so the pages the edit
/// replaced are free by bbolt's rule "unreachable means free" (etcd-formats.md 2.6, 2.9). The source is only read.
/// Writing to a temporary sibling and renaming it is the caller's job; this writes the target
/// (created new, mode 0600), fsyncs it, and deletes it again on any failure or cancellation.
/// </remarks>
public static class BboltRewriter
{
    private const int HashChunk = 1 << 20;

    /// <summary>Writes <paramref name="targetPath"/> = the source db with <paramref name="plan"/> applied.</summary>
    /// <param name="sourcePath">A snapshot file or raw db; only read.</param>
    /// <param name="sourceDbLength">Length of its db part: the file length without the SHA-256 trailer, if any.</param>
    /// <param name="targetPath">The file to create; must not exist.</param>
    /// <param name="plan">The edits.</param>
    /// <param name="progress">Receives the number of source bytes copied so far.</param>
    /// <param name="hashSource">Compute the source's SHA-256 (on a second core); false for a raw db without trailer.</param>
    /// <param name="cancellationToken">Checked between chunks.</param>
    /// <returns>The source's SHA-256 (compare with the trailer) and the written file's shape.</returns>
    /// <remarks>Positional reads and <c>copy_file_range</c>: the source is never memory-mapped; peak RSS stays ~10 MiB.</remarks>
    /// <exception cref="CorruptDataException">The source is not a valid bbolt db, or is shorter than its meta says.</exception>
    /// <exception cref="IOException">Reading or writing failed, or the target exists.</exception>
    /// <exception cref="OperationCanceledException">Cancelled (the target is removed).</exception>
    [UnsupportedOSPlatform("windows")]
    public static BboltRewriteResult Rewrite(string sourcePath, long sourceDbLength, string targetPath, BboltEditPlan plan,
        IProgress<long>? progress = null, bool hashSource = true, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plan);
        using var source = BboltFile.Open(sourcePath);
        var meta = source.Meta;
        if (sourceDbLength < meta.DataLength || sourceDbLength > source.FileLength)
        {
            throw new CorruptDataException(sourcePath, sourceDbLength,
                $"db length {sourceDbLength} does not cover the {meta.DataLength} bytes in use (file {source.FileLength} bytes)");
        }

        // Plan the new pages first (reads only the nodes on the edited paths), then copy and write.
        var allocator = new PageAllocator(source.PageSize, meta.HighWaterMark);
        var newRoot = PlanEdits(source, allocator, plan);
        var newMeta = meta with
        {
            RootPageId = newRoot,
            FreelistPageId = MetaLayout.NoFreelist,
            HighWaterMark = allocator.NextId,
            TxId = meta.TxId + 2,
        };

        var target = DurableFile.CreatePrivate(targetPath, FileAccess.ReadWrite, FileShare.None, bufferSize: 0);
        var complete = false;
        using var stopHashing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // A second core hashes every db byte (also any tail past the pages in use) for the caller's trailer check while
        // the kernel copies the pages: SHA-256 (about 1.2 GB/s) then overlaps the copy and the fsync.
        var hashing = hashSource
            ? Task.Run(() => Hash(source, sourceDbLength, stopHashing.Token), CancellationToken.None)
            : Task.FromResult<byte[]?>(null);
        try
        {
            FileRangeCopy.Copy(source.Handle, source.Path, target.SafeFileHandle, meta.DataLength, progress, cancellationToken);
            foreach (var (id, node) in allocator.Nodes)
            {
                RandomAccess.Write(target.SafeFileHandle, node, (long)id * source.PageSize);
            }

            WriteMetas(target.SafeFileHandle, newMeta);
            target.SetLength(newMeta.DataLength);
            cancellationToken.ThrowIfCancellationRequested();
            target.Flush(flushToDisk: true);
            var sha = hashing.GetAwaiter().GetResult();
            complete = true;
            return new BboltRewriteResult(sha, sourceDbLength, newMeta.DataLength, newMeta.HighWaterMark, newMeta.TxId,
                (long)(allocator.NextId - allocator.FirstId));
        }
        finally
        {
            target.Dispose();
            if (!complete)
            {
                stopHashing.Cancel();
                try
                {
                    hashing.GetAwaiter().GetResult();
                }
                catch (OperationCanceledException)
                {
                }

                File.Delete(targetPath);
            }
        }
    }

    private static ulong PlanEdits(BboltFile source, PageAllocator allocator, BboltEditPlan plan)
    {
        var editor = new TreeEditor(source, allocator);
        var rootChanges = new List<Change>(plan.Buckets.Count);
        foreach (var (name, edits) in plan.Buckets)
        {
            var value = editor.RewriteBucket(source.FindBucket(name), edits);
            rootChanges.Add(new Change(name, value, LeafElementLayout.BucketFlag));
        }

        return editor.Apply(source.Meta.RootPageId, rootChanges) ?? editor.EmptyLeaf();
    }

    private static byte[]? Hash(BboltFile source, long dbLength, CancellationToken cancellationToken)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(HashChunk);
        try
        {
            for (long offset = 0; offset < dbLength;)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var chunk = buffer.AsSpan(0, (int)Math.Min(HashChunk, dbLength - offset));
                PositionalFile.ReadExactly(source.Handle, source.Path, chunk, offset);
                sha.AppendData(chunk);
                offset += chunk.Length;
            }

            return sha.GetHashAndReset();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Both metas point at the new tree, like Tx.WriteTo leaves them: the higher txid in page txid % 2.
    private static void WriteMetas(SafeFileHandle target, BboltMeta meta)
    {
        var page = new byte[meta.PageSize];
        foreach (var txid in new[] { meta.TxId - 1, meta.TxId })
        {
            Array.Clear(page);
            (meta with { PageId = (int)(txid % 2), TxId = txid }).Write(page);
            RandomAccess.Write(target, page, (long)(txid % 2) * meta.PageSize);
        }
    }
}
