namespace EtcdSnap.Formats.Protobuf;

/// <summary>Protocol buffers wire types: the low three bits of a field key.</summary>
/// <remarks>
/// Neither etcd's nor Kubernetes' messages use groups (3 and 4); <see cref="ProtoReader.TryReadTag"/> rejects them,
/// and wire types 6 and 7, as corrupt.
/// </remarks>
public enum WireType
{
    /// <summary>0: base-128 varint (int32, int64, uint32, uint64, bool, enum).</summary>
    Varint = 0,

    /// <summary>1: eight little-endian bytes (fixed64, sfixed64, double).</summary>
    Fixed64 = 1,

    /// <summary>2: a varint length, then that many bytes (bytes, string, embedded message, packed repeated).</summary>
    LengthDelimited = 2,

    /// <summary>3: start of a proto2 group; never accepted by the reader.</summary>
    StartGroup = 3,

    /// <summary>4: end of a proto2 group; never accepted by the reader.</summary>
    EndGroup = 4,

    /// <summary>5: four little-endian bytes (fixed32, sfixed32, float).</summary>
    Fixed32 = 5,
}
