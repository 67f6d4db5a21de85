using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EtcdSnap.Formats.Protobuf;
using EtcdSnap.Kubernetes.Objects;

namespace EtcdSnap.Core.Inspection;

/// <summary>
/// Builds what <c>get</c> prints for one object, in kubectl's shape (apiVersion, kind, metadata, then the rest), from
/// what was really decoded: JSON-stored objects in full; protobuf objects with their metadata decoded and every other
/// field named and sized but not interpreted; encrypted objects with only what their key and prefix tell.
/// <c>metadata.resourceVersion</c> is the etcd mod revision, as kube-apiserver reports it.
/// </summary>
internal static class ObjectDocument
{
    /// <summary>ObjectMeta field 17 (meta/v1 generated.proto); other unknown metadata fields are shown by number.</summary>
    private const int ManagedFieldsNumber = 17;

    public static JsonObject Build(SnapshotObject item, StoredObject stored) => stored.Format.Encoding switch
    {
        StoredValueEncoding.Json when stored.Json is { ValueKind: JsonValueKind.Object } json => FromJson(item, json),
        StoredValueEncoding.Protobuf => FromProtobuf(item, stored),
        StoredValueEncoding.Encrypted => Encrypted(item, stored.Format),
        _ => Opaque(item, stored),
    };

    private static JsonObject FromJson(SnapshotObject item, JsonElement json)
    {
        var document = JsonObject.Create(json)!;
        if (document["metadata"] is JsonObject metadata)
        {
            SetResourceVersion(metadata, Revision(item));
        }

        return document;
    }

    /// <summary>Sets resourceVersion where kubectl would show it: in key order when the stored keys are sorted (as the
    /// apiserver writes unstructured objects), else last.</summary>
    private static void SetResourceVersion(JsonObject metadata, string revision)
    {
        const string name = "resourceVersion";
        var properties = metadata.Where(p => p.Key != name).ToList();
        var sorted = properties.Select(p => p.Key).SequenceEqual(properties.Select(p => p.Key).Order(StringComparer.Ordinal));
        var at = sorted ? properties.FindIndex(p => string.CompareOrdinal(p.Key, name) > 0) : -1;
        metadata.Clear();
        properties.Insert(at < 0 ? properties.Count : at, new(name, revision));
        foreach (var (key, value) in properties)
        {
            metadata[key] = value;
        }
    }

    private static JsonObject FromProtobuf(SnapshotObject item, StoredObject stored)
    {
        var document = new JsonObject
        {
            ["apiVersion"] = stored.ApiVersion,
            ["kind"] = stored.Kind,
        };
        if (stored.Metadata is { } meta)
        {
            document["metadata"] = Metadata(item, meta);
        }

        foreach (var field in stored.UndecodedFields)
        {
            var name = TopLevelFieldNames.Find(stored.ApiVersion, stored.Kind, field.FieldNumber)
                ?? TopLevelFieldNames.Unnamed(field.FieldNumber);
            document[name] = Describe(field);
        }

        return document;
    }

    private static JsonObject Metadata(SnapshotObject item, ObjectMeta meta)
    {
        var m = new JsonObject { ["name"] = meta.Name };
        AddIfSet(m, "generateName", meta.GenerateName);
        AddIfSet(m, "namespace", meta.Namespace);
        AddIfSet(m, "selfLink", meta.SelfLink);
        AddIfSet(m, "uid", meta.Uid);
        m["resourceVersion"] = Revision(item);
        if (meta.Generation != 0)
        {
            m["generation"] = meta.Generation;
        }

        m["creationTimestamp"] = meta.CreationTimestamp is { } created ? Timestamp(created) : null;
        if (meta.DeletionTimestamp is { } deleted)
        {
            m["deletionTimestamp"] = Timestamp(deleted);
        }

        if (meta.DeletionGracePeriodSeconds is { } grace)
        {
            m["deletionGracePeriodSeconds"] = grace;
        }

        AddMap(m, "labels", meta.Labels);
        AddMap(m, "annotations", meta.Annotations);
        if (meta.OwnerReferences.Count > 0)
        {
            m["ownerReferences"] = new JsonArray([.. meta.OwnerReferences.Select(Owner)]);
        }

        if (meta.Finalizers.Count > 0)
        {
            m["finalizers"] = new JsonArray([.. meta.Finalizers.Select(f => (JsonNode?)f)]);
        }

        foreach (var field in meta.Undecoded)
        {
            m[field.FieldNumber == ManagedFieldsNumber ? "managedFields" : TopLevelFieldNames.Unnamed(field.FieldNumber)] = Describe(field);
        }

        return m;
    }

    private static JsonObject Owner(OwnerReference o)
    {
        var owner = new JsonObject { ["apiVersion"] = o.ApiVersion, ["kind"] = o.Kind, ["name"] = o.Name, ["uid"] = o.Uid };
        if (o.Controller is { } controller)
        {
            owner["controller"] = controller;
        }

        if (o.BlockOwnerDeletion is { } block)
        {
            owner["blockOwnerDeletion"] = block;
        }

        return owner;
    }

    private static JsonObject Encrypted(SnapshotObject item, StoredValueFormat format)
    {
        var document = KeyOnly(item);
        document["encryption"] = new JsonObject
        {
            ["provider"] = format.Provider,
            ["version"] = format.ProviderVersion,
            [format.Provider == "kms" ? "plugin" : "keyName"] = format.KeyName,
            ["note"] = "encrypted at rest; etcdsnap does not decrypt, so metadata and content are not available " +
                "(name and namespace are from the etcd key)",
        };
        return document;
    }

    private static JsonObject Opaque(SnapshotObject item, StoredObject stored)
    {
        var document = KeyOnly(item);
        document["value"] = stored.Text ?? Count(stored.Size, "byte") + $", {stored.Format.Description}, not decoded";
        return document;
    }

    /// <summary>What the key alone tells: kind (from the resource table), name, namespace, and the revision.</summary>
    private static JsonObject KeyOnly(SnapshotObject item)
    {
        var document = new JsonObject();
        if (item.Kind is not null)
        {
            document["kind"] = item.Kind;
        }

        var metadata = new JsonObject { ["name"] = item.Location.Name };
        AddIfSet(metadata, "namespace", item.Location.Namespace);
        metadata["resourceVersion"] = Revision(item);
        document["metadata"] = metadata;
        return document;
    }

    /// <summary>"protobuf field 2, 1,234 bytes, not decoded" (with "N entries" for repeated fields).</summary>
    internal static string Describe(UndecodedField field)
    {
        var what = field.WireType switch
        {
            WireType.LengthDelimited => Count(field.TotalBytes, "byte"),
            WireType.Varint => "varint",
            WireType.Fixed32 => "fixed32",
            WireType.Fixed64 => "fixed64",
            _ => field.WireType.ToString(),
        };
        var entries = field.Occurrences > 1 ? Count(field.Occurrences, "entry", "entries") + ", " : "";
        return string.Create(CultureInfo.InvariantCulture, $"protobuf field {field.FieldNumber}, {entries}{what}, not decoded");
    }

    private static string Count(long n, string one, string? many = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{n:N0} {(n == 1 ? one : many ?? one + "s")}");

    private static string Revision(SnapshotObject item) => item.ModRevision.ToString(CultureInfo.InvariantCulture);

    private static string Timestamp(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static void AddIfSet(JsonObject target, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            target[name] = value;
        }
    }

    private static void AddMap(JsonObject target, string name, IReadOnlyDictionary<string, string> map)
    {
        if (map.Count == 0)
        {
            return;
        }

        var node = new JsonObject();
        foreach (var (key, value) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            node[key] = value;
        }

        target[name] = node;
    }
}
