using EtcdSnap.Formats;
using EtcdSnap.Formats.Protobuf;
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
                F.ObjectMeta.Name => meta with { Name = reader.ReadStringField(field, wire, "name") },
                F.ObjectMeta.GenerateName => meta with { GenerateName = reader.ReadStringField(field, wire, "generateName") },
                F.ObjectMeta.Namespace => meta with { Namespace = reader.ReadStringField(field, wire, "namespace") },
                F.ObjectMeta.SelfLink => meta with { SelfLink = reader.ReadStringField(field, wire, "selfLink") },
                F.ObjectMeta.Uid => meta with { Uid = reader.ReadStringField(field, wire, "uid") },
                F.ObjectMeta.ResourceVersion => meta with { ResourceVersion = reader.ReadStringField(field, wire, "resourceVersion") },
                F.ObjectMeta.Generation => meta with { Generation = (long)reader.ReadVarintField(field, wire, "generation") },
                F.ObjectMeta.CreationTimestamp => meta with { CreationTimestamp = Time(ref reader, field, wire, "creationTimestamp") },
                F.ObjectMeta.DeletionTimestamp => meta with { DeletionTimestamp = Time(ref reader, field, wire, "deletionTimestamp") },
                F.ObjectMeta.DeletionGracePeriodSeconds => meta with
                {
                    DeletionGracePeriodSeconds = (long)reader.ReadVarintField(field, wire, "deletionGracePeriodSeconds"),
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
                    owners.Add(Owner(reader.ReadMessageField(field, wire, "ownerReferences")));
                    break;
                case F.ObjectMeta.Finalizers:
                    finalizers.Add(reader.ReadStringField(field, wire, "finalizers"));
                    break;
                case <= F.ObjectMeta.DeletionGracePeriodSeconds:
                    break; // read by the expression above
                default:
                    undecoded.Add(field, wire, reader.SkipField(wire)); // managedFields (17) and anything newer
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
                F.OwnerReference.Kind => owner with { Kind = reader.ReadStringField(field, wire, "ownerReferences.kind") },
                F.OwnerReference.Name => owner with { Name = reader.ReadStringField(field, wire, "ownerReferences.name") },
                F.OwnerReference.Uid => owner with { Uid = reader.ReadStringField(field, wire, "ownerReferences.uid") },
                F.OwnerReference.ApiVersion => owner with
                {
                    ApiVersion = reader.ReadStringField(field, wire, "ownerReferences.apiVersion"),
                },
                F.OwnerReference.Controller => owner with
                {
                    Controller = reader.ReadVarintField(field, wire, "ownerReferences.controller") != 0,
                },
                F.OwnerReference.BlockOwnerDeletion => owner with
                {
                    BlockOwnerDeletion = reader.ReadVarintField(field, wire, "ownerReferences.blockOwnerDeletion") != 0,
                },
                _ => SkipReturning(ref reader, wire, owner),
            };
        }

        return owner;
    }

    private static void MapEntry(ref ProtoReader reader, int field, WireType wire, string name, Dictionary<string, string> into)
    {
        var entry = reader.ReadMessageField(field, wire, name);
        string key = "", value = "";
        while (entry.TryReadTag(out var f, out var w))
        {
            switch (f)
            {
                case F.MapEntry.Key:
                    key = entry.ReadStringField(f, w, name + " key");
                    break;
                case F.MapEntry.Value:
                    value = entry.ReadStringField(f, w, name + " value");
                    break;
                default:
                    entry.SkipField(w);
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
        if (time.End)
        {
            return null;
        }

        long seconds = 0;
        while (time.TryReadTag(out var f, out var w))
        {
            if (f == F.Time.Seconds)
            {
                seconds = (long)time.ReadVarintField(f, w, name + ".seconds");
            }
            else
            {
                time.SkipField(w); // nanos: Kubernetes writes 0 and ignores it on read (time_proto.go)
            }
        }

        if (seconds is < MinUnixSeconds or > MaxUnixSeconds)
        {
            throw reader.Corrupt(at, $"{name} has {seconds} seconds, outside the representable range");
        }

        return DateTimeOffset.FromUnixTimeSeconds(seconds);
    }

    private static T SkipReturning<T>(ref ProtoReader reader, WireType wire, T value)
    {
        reader.SkipField(wire);
        return value;
    }
}
