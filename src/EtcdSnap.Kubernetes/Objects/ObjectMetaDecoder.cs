using EtcdSnap.Formats;
using F = EtcdSnap.Kubernetes.Objects.KubernetesProtoFields;

namespace EtcdSnap.Kubernetes.Objects;

/// <summary>Decodes meta/v1 ObjectMeta from protobuf (see <see cref="KubernetesProtoFields.ObjectMeta"/>).</summary>
internal static class ObjectMetaDecoder
{
    // DateTimeOffset's range in Unix seconds (0001-01-01 .. 9999-12-31T23:59:59).
    private const long MinUnixSeconds = -62_135_596_800;
    private const long MaxUnixSeconds = 253_402_300_799;

    /// <exception cref="CorruptDataException">The bytes are not a valid ObjectMeta.</exception>
    public static ObjectMeta Decode(ProtoReader reader)
    {
        var meta = new ObjectMeta();
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal);
        var owners = new List<OwnerReference>();
        var finalizers = new List<string>();
        var undecoded = new UndecodedField.Collector();
        while (reader.TryReadTag(out var field, out var wire))
        {
            meta = field switch
            {
                F.ObjectMeta.Name => meta with { Name = String(ref reader, field, wire, "name") },
                F.ObjectMeta.GenerateName => meta with { GenerateName = String(ref reader, field, wire, "generateName") },
                F.ObjectMeta.Namespace => meta with { Namespace = String(ref reader, field, wire, "namespace") },
                F.ObjectMeta.SelfLink => meta with { SelfLink = String(ref reader, field, wire, "selfLink") },
                F.ObjectMeta.Uid => meta with { Uid = String(ref reader, field, wire, "uid") },
                F.ObjectMeta.ResourceVersion => meta with { ResourceVersion = String(ref reader, field, wire, "resourceVersion") },
                F.ObjectMeta.Generation => meta with { Generation = Int64(ref reader, field, wire, "generation") },
                F.ObjectMeta.CreationTimestamp => meta with { CreationTimestamp = Time(ref reader, field, wire, "creationTimestamp") },
                F.ObjectMeta.DeletionTimestamp => meta with { DeletionTimestamp = Time(ref reader, field, wire, "deletionTimestamp") },
                F.ObjectMeta.DeletionGracePeriodSeconds => meta with
                {
                    DeletionGracePeriodSeconds = Int64(ref reader, field, wire, "deletionGracePeriodSeconds"),
                },
                _ => meta,
            };
            switch (field)
            {
                case F.ObjectMeta.Labels:
                    MapEntry(ref reader, field, wire, "labels", labels);
                    break;
                case F.ObjectMeta.Annotations:
                    MapEntry(ref reader, field, wire, "annotations", annotations);
                    break;
                case F.ObjectMeta.OwnerReferences:
                    reader.Expect(field, wire, WireType.LengthDelimited, "ownerReferences");
                    owners.Add(Owner(reader.ReadMessage()));
                    break;
                case F.ObjectMeta.Finalizers:
                    finalizers.Add(String(ref reader, field, wire, "finalizers"));
                    break;
                case <= F.ObjectMeta.DeletionGracePeriodSeconds:
                    break; // read by the expression above
                default:
                    undecoded.Add(field, wire, reader.Skip(wire)); // managedFields (17) and anything newer
                    break;
            }
        }

        return meta with
        {
            Labels = labels,
            Annotations = annotations,
            OwnerReferences = owners,
            Finalizers = finalizers,
            Undecoded = undecoded.ToList(),
        };
    }

    private static OwnerReference Owner(ProtoReader reader)
    {
        var owner = new OwnerReference("", "", "", "");
        while (reader.TryReadTag(out var field, out var wire))
        {
            owner = field switch
            {
                F.OwnerReference.Kind => owner with { Kind = String(ref reader, field, wire, "ownerReferences.kind") },
                F.OwnerReference.Name => owner with { Name = String(ref reader, field, wire, "ownerReferences.name") },
                F.OwnerReference.Uid => owner with { Uid = String(ref reader, field, wire, "ownerReferences.uid") },
                F.OwnerReference.ApiVersion => owner with { ApiVersion = String(ref reader, field, wire, "ownerReferences.apiVersion") },
                F.OwnerReference.Controller => owner with { Controller = Bool(ref reader, field, wire, "ownerReferences.controller") },
                F.OwnerReference.BlockOwnerDeletion => owner with
                {
                    BlockOwnerDeletion = Bool(ref reader, field, wire, "ownerReferences.blockOwnerDeletion"),
                },
                _ => SkipReturning(ref reader, wire, owner),
            };
        }

        return owner;
    }

    private static void MapEntry(ref ProtoReader reader, int field, WireType wire, string name, Dictionary<string, string> into)
    {
        reader.Expect(field, wire, WireType.LengthDelimited, name);
        var entry = reader.ReadMessage();
        string key = "", value = "";
        while (entry.TryReadTag(out var f, out var w))
        {
            switch (f)
            {
                case F.MapEntry.Key:
                    key = String(ref entry, f, w, name + " key");
                    break;
                case F.MapEntry.Value:
                    value = String(ref entry, f, w, name + " value");
                    break;
                default:
                    entry.Skip(w);
                    break;
            }
        }

        into[key] = value; // a repeated key overwrites, as Go's map decoding does
    }

    /// <summary>meta/v1 Time: null for the empty message Go writes for the zero time.</summary>
    internal static DateTimeOffset? Time(ref ProtoReader reader, int field, WireType wire, string name)
    {
        reader.Expect(field, wire, WireType.LengthDelimited, name);
        var at = reader.Offset;
        var time = reader.ReadMessage();
        if (time.AtEnd)
        {
            return null;
        }

        long seconds = 0;
        while (time.TryReadTag(out var f, out var w))
        {
            if (f == F.Time.Seconds)
            {
                seconds = Int64(ref time, f, w, name + ".seconds");
            }
            else
            {
                time.Skip(w); // nanos: Kubernetes writes 0 and ignores it on read (time_proto.go)
            }
        }

        if (seconds is < MinUnixSeconds or > MaxUnixSeconds)
        {
            throw reader.Corrupt(at, $"{name} has {seconds} seconds, outside the representable range");
        }

        return DateTimeOffset.FromUnixTimeSeconds(seconds);
    }

    internal static string String(ref ProtoReader reader, int field, WireType wire, string name)
    {
        reader.Expect(field, wire, WireType.LengthDelimited, name);
        return reader.ReadString();
    }

    internal static long Int64(ref ProtoReader reader, int field, WireType wire, string name)
    {
        reader.Expect(field, wire, WireType.Varint, name);
        return reader.ReadInt64();
    }

    internal static bool Bool(ref ProtoReader reader, int field, WireType wire, string name)
    {
        reader.Expect(field, wire, WireType.Varint, name);
        return reader.ReadBool();
    }

    private static T SkipReturning<T>(ref ProtoReader reader, WireType wire, T value)
    {
        reader.Skip(wire);
        return value;
    }
}
