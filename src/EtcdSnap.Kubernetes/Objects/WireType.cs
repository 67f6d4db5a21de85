namespace EtcdSnap.Kubernetes.Objects;

/// <summary>Protocol buffers wire types (the low 3 bits of a field tag).</summary>
public enum WireType
{
    /// <summary>0: base-128 varint (int32, int64, bool, enum).</summary>
    Varint = 0,

    /// <summary>1: 8 bytes little-endian (fixed64, double).</summary>
    Fixed64 = 1,

    /// <summary>2: varint length, then that many bytes (string, bytes, message, packed repeated).</summary>
    LengthDelimited = 2,

    /// <summary>3: start of a group (proto2, unused by Kubernetes).</summary>
    StartGroup = 3,

    /// <summary>4: end of a group.</summary>
    EndGroup = 4,

    /// <summary>5: 4 bytes little-endian (fixed32, float).</summary>
    Fixed32 = 5,
}
