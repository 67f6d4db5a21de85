using EtcdSnap.Core.Inspection;
using EtcdSnap.Kubernetes.Objects;

namespace EtcdSnap.Cli.Commands.Inspect;

/// <summary>Core results to the JSON contract, and the few words shared with the tables.</summary>
internal static class InspectJsonMapping
{
    public static ObjectJson Object(SnapshotObject o) => new(
        o.Key, o.Location.QualifiedResource, o.Location.Namespace, o.Location.Name, o.ApiVersion, o.Kind, Encoding(o.Encoding), o.Size,
        o.CreateRevision, o.ModRevision,
        o.Encryption is { } e ? new EncryptionJson(e.Provider, e.ProviderVersion, e.KeyName) : null,
        o.Problem);

    public static OtherKeyJson OtherKey(SnapshotObject o) => new(
        o.Key, Class(o.Location.Kind), o.Location.Note, Encoding(o.Encoding), o.Size, o.CreateRevision, o.ModRevision);

    public static ChangedJson Changed(ObjectChange c) => new(
        c.New.Key, c.New.Location.QualifiedResource, c.New.Location.Namespace, c.New.Location.Name, c.New.ApiVersion, c.New.Kind,
        Encoding(c.New.Encoding), c.New.Size, c.New.CreateRevision, c.New.ModRevision, c.Recreated,
        new ChangedFromJson(c.Old.ApiVersion, c.Old.Kind, Encoding(c.Old.Encoding), c.Old.Size, c.Old.CreateRevision, c.Old.ModRevision));

    public static SecretsJson Secrets(SecretExposure s) => new(s.Total, s.Encrypted, s.Unencrypted);

    /// <summary>The four encodings of the contract: <c>protobuf</c>, <c>json</c>, <c>encrypted</c>, <c>other</c> (empty values too).</summary>
    public static string Encoding(StoredValueEncoding encoding) => encoding switch
    {
        StoredValueEncoding.Protobuf => "protobuf",
        StoredValueEncoding.Json => "json",
        StoredValueEncoding.Encrypted => "encrypted",
        _ => "other",
    };

    /// <summary>The encoding as a table cell: <c>encrypted (aescbc, key1)</c> names provider and key.</summary>
    public static string EncodingCell(SnapshotObject o) => o.Encryption is { Provider: { } provider } e
        ? $"encrypted ({provider}{(e.ProviderVersion is "v1" or null ? "" : " " + e.ProviderVersion)}, {e.KeyName})"
        : Encoding(o.Encoding);

    public static string Class(RegistryKeyKind kind) => kind switch
    {
        RegistryKeyKind.Internal => "internal",
        RegistryKeyKind.Foreign => "foreign",
        RegistryKeyKind.Malformed => "malformed",
        _ => "object",
    };

    /// <summary><c>resource/name</c>, as kubectl prints objects of several resources (<c>deployments.apps/blue</c>); the key
    /// for keys that are not objects.</summary>
    public static string ResourceAndName(SnapshotObject o) =>
        o.Location.QualifiedResource is { } resource ? $"{resource}/{o.Location.Name}" : o.Key;
}
