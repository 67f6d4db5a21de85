using EtcdSnap.Formats.Protobuf;

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
    /// <remarks>A known field with an unexpected wire type is skipped like an unknown one rather than refused.</remarks>
    public static bool TryParse(ReadOnlySpan<byte> data, out MvccKeyValue keyValue)
    {
        try
        {
            keyValue = Parse(data);
            return true;
        }
        catch (CorruptDataException)
        {
            keyValue = default;
            return false;
        }
    }

    private static MvccKeyValue Parse(ReadOnlySpan<byte> data)
    {
        ReadOnlySpan<byte> key = default, value = default;
        long create = 0, mod = 0, version = 0, lease = 0;
        var reader = new ProtoReader(data, "mvccpb.KeyValue");
        while (reader.TryReadTag(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, WireType.LengthDelimited):
                    key = reader.ReadLengthDelimited();
                    break;
                case (5, WireType.LengthDelimited):
                    value = reader.ReadLengthDelimited();
                    break;
                case (2, WireType.Varint):
                    create = (long)reader.ReadVarint();
                    break;
                case (3, WireType.Varint):
                    mod = (long)reader.ReadVarint();
                    break;
                case (4, WireType.Varint):
                    version = (long)reader.ReadVarint();
                    break;
                case (6, WireType.Varint):
                    lease = (long)reader.ReadVarint();
                    break;
                default:
                    reader.SkipField(wireType);
                    break;
            }
        }

        return new MvccKeyValue
        {
            Key = key,
            CreateRevision = create,
            ModRevision = mod,
            Version = version,
            Value = value,
            Lease = lease,
        };
    }
}
