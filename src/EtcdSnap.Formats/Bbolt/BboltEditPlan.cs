namespace EtcdSnap.Formats.Bbolt;

/// <summary>
/// Edits to apply to a db's top-level buckets with <see cref="BboltRewriter"/>: replace a bucket's whole content, put
/// or delete keys, create a missing bucket. Buckets a plan does not name are copied untouched.
/// </summary>
/// <remarks>Edits to one bucket apply in the order given: a put after a replace adds to the replacement.</remarks>
public sealed class BboltEditPlan
{
    /// <summary>bbolt's <c>MaxKeySize</c>.</summary>
    public const int MaxKeySize = 32768;

    /// <summary>bbolt's <c>MaxValueSize</c>.</summary>
    public const int MaxValueSize = int.MaxValue - 1;

    internal SortedDictionary<byte[], BucketEdits> Buckets { get; } = new(ByteArrayComparer.Instance);

    /// <summary>True when the plan changes nothing.</summary>
    public bool IsEmpty => Buckets.Count == 0;

    /// <summary>Makes the bucket hold exactly <paramref name="items"/> (creating it if missing).</summary>
    /// <exception cref="ArgumentException">An empty or too long key, or a too long value.</exception>
    public BboltEditPlan ReplaceBucket(ReadOnlySpan<byte> bucket, IEnumerable<KeyValuePair<byte[], byte[]>> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var edits = For(bucket);
        edits.Replace = true;
        edits.Changes.Clear();
        foreach (var (key, value) in items)
        {
            Check(key, value);
            edits.Changes[key.ToArray()] = value.ToArray();
        }

        return this;
    }

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/> in the bucket (creating the bucket if missing).</summary>
    /// <exception cref="ArgumentException">An empty or too long key, or a too long value.</exception>
    public BboltEditPlan Put(ReadOnlySpan<byte> bucket, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        Check(key, value);
        For(bucket).Changes[key.ToArray()] = value.ToArray();
        return this;
    }

    /// <summary>Removes <paramref name="key"/> from the bucket, if present.</summary>
    /// <exception cref="ArgumentException">An empty or too long key.</exception>
    public BboltEditPlan Delete(ReadOnlySpan<byte> bucket, ReadOnlySpan<byte> key)
    {
        Check(key, default);
        For(bucket).Changes[key.ToArray()] = null;
        return this;
    }

    /// <summary>Creates the bucket (empty) if the db lacks it.</summary>
    /// <exception cref="ArgumentException">An empty or too long bucket name.</exception>
    public BboltEditPlan EnsureBucket(ReadOnlySpan<byte> bucket)
    {
        For(bucket);
        return this;
    }

    private BucketEdits For(ReadOnlySpan<byte> bucket)
    {
        Check(bucket, default);
        var name = bucket.ToArray();
        if (!Buckets.TryGetValue(name, out var edits))
        {
            edits = new BucketEdits();
            Buckets.Add(name, edits);
        }

        return edits;
    }

    private static void Check(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value)
    {
        if (key.IsEmpty || key.Length > MaxKeySize)
        {
            throw new ArgumentException($"keys and bucket names must have 1..{MaxKeySize} bytes, not {key.Length}", nameof(key));
        }

        if (value.Length > MaxValueSize)
        {
            throw new ArgumentException("value too large", nameof(value));
        }
    }

    /// <summary>The edits of one bucket: new values (null = delete), and whether they replace all old content.</summary>
    internal sealed class BucketEdits
    {
        public bool Replace { get; set; }

        public SortedDictionary<byte[], byte[]?> Changes { get; } = new(ByteArrayComparer.Instance);
    }
}
