using EtcdSnap.Formats.Protobuf;

namespace EtcdSnap.Kubernetes.Objects;

/// <summary>A protobuf field that was present but not interpreted: reported as found, never guessed at.</summary>
/// <param name="FieldNumber">The field number (e.g. 2 for an object's spec).</param>
/// <param name="WireType">Its wire type.</param>
/// <param name="Occurrences">How many times it occurred (repeated fields and map entries occur once per element).</param>
/// <param name="TotalBytes">Bytes of value over all occurrences (payload bytes for length-delimited fields).</param>
public sealed record UndecodedField(int FieldNumber, WireType WireType, int Occurrences, long TotalBytes)
{
    /// <summary>Collects undecoded fields, merging repeats of the same number and wire type.</summary>
    internal sealed class Collector
    {
        private readonly List<UndecodedField> _fields = [];

        public void Add(int field, WireType wireType, int bytes)
        {
            var i = _fields.FindIndex(f => f.FieldNumber == field && f.WireType == wireType);
            if (i < 0)
            {
                _fields.Add(new UndecodedField(field, wireType, 1, bytes));
            }
            else
            {
                _fields[i] = _fields[i] with { Occurrences = _fields[i].Occurrences + 1, TotalBytes = _fields[i].TotalBytes + bytes };
            }
        }

        public IReadOnlyList<UndecodedField> ToList() => _fields.OrderBy(f => f.FieldNumber).ToList();
    }
}
