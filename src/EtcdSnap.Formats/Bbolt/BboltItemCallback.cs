namespace EtcdSnap.Formats.Bbolt;

/// <summary>Receives one bucket entry during <see cref="BboltFile.ForEach(ReadOnlySpan{byte}, BboltItemCallback)"/>.</summary>
/// <param name="key">The key; valid only during the call (it points into a pooled buffer).</param>
/// <param name="value">The value; empty for a sub-bucket. Valid only during the call.</param>
/// <param name="isBucket">True when the entry is a nested bucket (etcd never creates one).</param>
/// <returns>True to continue, false to stop.</returns>
public delegate bool BboltItemCallback(ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool isBucket);
