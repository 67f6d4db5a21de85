using System.Globalization;
using System.Text.Json;
using EtcdSnap.Formats.Protobuf;
using F = EtcdSnap.Kubernetes.Objects.KubernetesProtoFields;

namespace EtcdSnap.Kubernetes.Objects;

/// <summary>
/// Builds etcd values the way kube-apiserver stores objects: the protobuf envelope (<c>k8s\0</c> + runtime.Unknown)
/// around an object message whose field 1 is ObjectMeta, or a JSON object (custom resources). Used by tests and by the
/// demo that seeds a throwaway etcd; EtcdSnap never writes into a real cluster's keyspace.
/// </summary>
/// <remarks>ObjectMeta is written byte for byte as Kubernetes' generated marshaller does (field order, sorted maps,
/// always-written scalars, zero nanos); object bodies contain only the fields the caller encodes.</remarks>
public static class KubernetesObjectEncoder
{
    /// <summary>A protobuf-envelope value.</summary>
    /// <param name="apiVersion">TypeMeta apiVersion (<c>v1</c>, <c>apps/v1</c>).</param>
    /// <param name="kind">TypeMeta kind.</param>
    /// <param name="metadata">The object's metadata (<see cref="ObjectMeta.Undecoded"/> is not written).</param>
    /// <param name="bodyFields">The object message's fields after metadata (spec = 2, status = 3, …), already
    /// encoded, in field order.</param>
    public static byte[] Protobuf(string apiVersion, string kind, ObjectMeta metadata, ReadOnlySpan<byte> bodyFields = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var raw = new ProtoWriter().WriteMessage(F.TopLevel.Metadata, EncodeObjectMeta(metadata)).WriteRaw(bodyFields);
        var unknown = new ProtoWriter()
            .WriteMessage(F.Unknown.TypeMeta, t => t
                .WriteString(F.RuntimeTypeMeta.ApiVersion, apiVersion)
                .WriteString(F.RuntimeTypeMeta.Kind, kind))
            .WriteMessage(F.Unknown.Raw, raw)
            .WriteString(F.Unknown.ContentEncoding, "")
            .WriteString(F.Unknown.ContentType, "");
        return [.. F.EnvelopeMagic, .. unknown.ToArray()];
    }

    /// <summary>A JSON value as kube-apiserver stores custom resources: one compact object and a trailing newline (Go's
    /// <c>json.Encoder</c>), metadata keys in sorted order (unstructured objects are Go maps).</summary>
    /// <param name="apiVersion">apiVersion.</param>
    /// <param name="kind">kind.</param>
    /// <param name="metadata">metadata (empty fields omitted, as <c>omitempty</c> does).</param>
    /// <param name="writeBody">Writes the properties after metadata (e.g. <c>spec</c>), in sorted order.</param>
    public static byte[] Json(string apiVersion, string kind, ObjectMeta metadata, Action<Utf8JsonWriter>? writeBody = null)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("apiVersion", apiVersion);
            w.WriteString("kind", kind);
            w.WritePropertyName("metadata");
            WriteJsonMeta(w, metadata);
            writeBody?.Invoke(w);
            w.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
        return stream.ToArray();
    }

    internal static ProtoWriter EncodeObjectMeta(ObjectMeta m)
    {
        var w = new ProtoWriter()
            .WriteString(F.ObjectMeta.Name, m.Name)
            .WriteString(F.ObjectMeta.GenerateName, m.GenerateName)
            .WriteString(F.ObjectMeta.Namespace, m.Namespace)
            .WriteString(F.ObjectMeta.SelfLink, m.SelfLink)
            .WriteString(F.ObjectMeta.Uid, m.Uid)
            .WriteString(F.ObjectMeta.ResourceVersion, m.ResourceVersion)
            .WriteInt64(F.ObjectMeta.Generation, m.Generation)
            .WriteMessage(F.ObjectMeta.CreationTimestamp, Time(m.CreationTimestamp));
        if (m.DeletionTimestamp is { } deleted)
        {
            w.WriteMessage(F.ObjectMeta.DeletionTimestamp, Time(deleted));
        }

        if (m.DeletionGracePeriodSeconds is { } grace)
        {
            w.WriteInt64(F.ObjectMeta.DeletionGracePeriodSeconds, grace);
        }

        w.WriteStringMap(F.ObjectMeta.Labels, m.Labels).WriteStringMap(F.ObjectMeta.Annotations, m.Annotations);
        foreach (var o in m.OwnerReferences)
        {
            w.WriteMessage(F.ObjectMeta.OwnerReferences, r =>
            {
                r.WriteString(F.OwnerReference.Kind, o.Kind).WriteString(F.OwnerReference.Name, o.Name)
                    .WriteString(F.OwnerReference.Uid, o.Uid).WriteString(F.OwnerReference.ApiVersion, o.ApiVersion);
                if (o.Controller is { } controller)
                {
                    r.WriteBool(F.OwnerReference.Controller, controller);
                }

                if (o.BlockOwnerDeletion is { } block)
                {
                    r.WriteBool(F.OwnerReference.BlockOwnerDeletion, block);
                }
            });
        }

        foreach (var f in m.Finalizers)
        {
            w.WriteString(F.ObjectMeta.Finalizers, f);
        }

        return w;
    }

    /// <summary>meta/v1 Time: empty for unset (Go's zero time), else seconds and a zero nanos field.</summary>
    private static ProtoWriter Time(DateTimeOffset? time) => time is { } t
        ? new ProtoWriter().WriteInt64(F.Time.Seconds, t.ToUnixTimeSeconds()).WriteInt64(F.Time.Nanos, 0)
        : new ProtoWriter();

    private static void WriteJsonMeta(Utf8JsonWriter w, ObjectMeta m)
    {
        w.WriteStartObject();
        WriteMap(w, "annotations", m.Annotations);
        if (m.CreationTimestamp is { } created)
        {
            w.WriteString("creationTimestamp", Rfc3339(created));
        }

        if (m.DeletionTimestamp is { } deleted)
        {
            w.WriteString("deletionTimestamp", Rfc3339(deleted));
        }

        if (m.Finalizers.Count > 0)
        {
            w.WriteStartArray("finalizers");
            m.Finalizers.ToList().ForEach(w.WriteStringValue);
            w.WriteEndArray();
        }

        WriteIfSet(w, "generateName", m.GenerateName);
        if (m.Generation != 0)
        {
            w.WriteNumber("generation", m.Generation);
        }

        WriteMap(w, "labels", m.Labels);
        WriteIfSet(w, "name", m.Name);
        WriteIfSet(w, "namespace", m.Namespace);
        if (m.OwnerReferences.Count > 0)
        {
            w.WriteStartArray("ownerReferences");
            foreach (var o in m.OwnerReferences)
            {
                w.WriteStartObject();
                w.WriteString("apiVersion", o.ApiVersion);
                if (o.BlockOwnerDeletion is { } block)
                {
                    w.WriteBoolean("blockOwnerDeletion", block);
                }

                if (o.Controller is { } controller)
                {
                    w.WriteBoolean("controller", controller);
                }

                w.WriteString("kind", o.Kind);
                w.WriteString("name", o.Name);
                w.WriteString("uid", o.Uid);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

        WriteIfSet(w, "uid", m.Uid);
        w.WriteEndObject();
    }

    private static void WriteMap(Utf8JsonWriter w, string name, IReadOnlyDictionary<string, string> map)
    {
        if (map.Count == 0)
        {
            return;
        }

        w.WriteStartObject(name);
        foreach (var (k, v) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WriteString(k, v);
        }

        w.WriteEndObject();
    }

    private static void WriteIfSet(Utf8JsonWriter w, string name, string value)
    {
        if (value.Length > 0)
        {
            w.WriteString(name, value);
        }
    }

    private static string Rfc3339(DateTimeOffset t) =>
        t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
