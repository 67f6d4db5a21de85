namespace EtcdSnap.Formats.Mvcc;

/// <summary>
/// A decoded <c>mvccpb.KeyValue</c>, the value of every <c>key</c>-bucket entry (etcd <c>api/mvccpb/kv.proto</c>):
/// key=1 bytes, create_revision=2, mod_revision=3, version=4 (int64), value=5 bytes, lease=6 (int64).
/// </summary>
/// <remarks>The byte fields point into the decoded buffer. Unknown fields are skipped, as protobuf requires.</remarks>
public readonly ref struct MvccKeyValue
{
    /// <summary>The user key.</summary>
    public ReadOnlySpan<byte> Key { get; init; }

    /// <summary>Main revision at which the key was (re)created.</summary>
    public long CreateRevision { get; init; }

    /// <summary>Main revision of this change.</summary>
    public long ModRevision { get; init; }

    /// <summary>1 on creation, +1 per put.</summary>
    public long Version { get; init; }

    /// <summary>The user value.</summary>
    public ReadOnlySpan<byte> Value { get; init; }

    /// <summary>Lease id, 0 for none.</summary>
    public long Lease { get; init; }

    /// <summary>Decodes the protobuf message; false when it is malformed.</summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out MvccKeyValue keyValue)
    {
        keyValue = default;
        ReadOnlySpan<byte> key = default, value = default;
        long create = 0, mod = 0, version = 0, lease = 0;
        var reader = new ProtoReader(data);
        while (!reader.End)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                return false;
            }

            var ok = (field, wireType) switch
            {
                (1, ProtoReader.LengthDelimited) => reader.TryReadBytes(out key),
                (5, ProtoReader.LengthDelimited) => reader.TryReadBytes(out value),
                (2, ProtoReader.Varint) => reader.TryReadInt64(out create),
                (3, ProtoReader.Varint) => reader.TryReadInt64(out mod),
                (4, ProtoReader.Varint) => reader.TryReadInt64(out version),
                (6, ProtoReader.Varint) => reader.TryReadInt64(out lease),
                _ => reader.TrySkip(wireType),
            };
            if (!ok)
            {
                return false;
            }
        }

        keyValue = new MvccKeyValue
        {
            Key = key,
            CreateRevision = create,
            ModRevision = mod,
            Version = version,
            Value = value,
            Lease = lease,
        };
        return true;
    }
}
