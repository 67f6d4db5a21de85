namespace EtcdSnap.Formats.Protobuf;

/// <summary>The protobuf wire types that etcd's messages use (groups, 3 and 4, are never used and are rejected).</summary>
internal enum WireType
{
    /// <summary>Base-128 varint: int32/int64/uint32/uint64/bool/enum.</summary>
    Varint = 0,

    /// <summary>Eight little-endian bytes.</summary>
    Fixed64 = 1,

    /// <summary>A varint length followed by that many bytes: bytes, string, embedded message, packed repeated.</summary>
    LengthDelimited = 2,

    /// <summary>Four little-endian bytes.</summary>
    Fixed32 = 5,
}
