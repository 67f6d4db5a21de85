namespace EtcdSnap.Kubernetes.Objects;

/// <summary>The detected encoding of an etcd value, with the encryption provider when it is encrypted.</summary>
/// <param name="Encoding">The encoding.</param>
/// <param name="Provider">For encrypted values, the provider (<c>aescbc</c>, <c>aesgcm</c>, <c>secretbox</c>, <c>kms</c>).</param>
/// <param name="ProviderVersion">For encrypted values, the provider format version (<c>v1</c>, <c>v2</c> for KMS v2).</param>
/// <param name="KeyName">For encrypted values, the key name (or KMS plugin name) from the prefix.</param>
/// <param name="PayloadOffset">Where the ciphertext starts (after the prefix); 0 otherwise.</param>
public sealed record StoredValueFormat(StoredValueEncoding Encoding, string? Provider = null, string? ProviderVersion = null,
    string? KeyName = null, int PayloadOffset = 0)
{
    // apiserver pkg/storage/value/encrypt/*: every provider writes "k8s:enc:<provider>:<version>:<name>:".
    private static ReadOnlySpan<byte> EncryptedMagic => "k8s:enc:"u8;

    private const int MaxPrefixLength = 512;

    /// <summary>A short human description: <c>protobuf</c>, <c>json</c>, <c>encrypted (aescbc v1, key "key1")</c>.</summary>
    public string Description => Encoding switch
    {
        StoredValueEncoding.Protobuf => "protobuf",
        StoredValueEncoding.Json => "json",
        StoredValueEncoding.Empty => "empty",
        StoredValueEncoding.Other => "other",
        _ when Provider is null => "encrypted (unrecognised prefix)",
        _ => $"encrypted ({Provider} {ProviderVersion}, {(Provider == "kms" ? "plugin" : "key")} \"{KeyName}\")",
    };

    /// <summary>Detects the encoding of <paramref name="value"/>. Never throws; never decrypts.</summary>
    public static StoredValueFormat Detect(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return new(StoredValueEncoding.Empty);
        }

        if (value.StartsWith(EncryptedMagic))
        {
            return DetectEncrypted(value);
        }

        if (ProtobufEnvelope.HasMagic(value))
        {
            return new(StoredValueEncoding.Protobuf);
        }

        return value[0] == (byte)'{' ? new(StoredValueEncoding.Json) : new(StoredValueEncoding.Other);
    }

    /// <summary>Splits <c>k8s:enc:&lt;provider&gt;:&lt;version&gt;:&lt;name&gt;:</c>. The apiserver itself matches
    /// configured prefixes byte for byte and never parses names, so a key name containing ':' is cut at its first ':'
    /// here.</summary>
    private static StoredValueFormat DetectEncrypted(ReadOnlySpan<byte> value)
    {
        var at = EncryptedMagic.Length;
        var parts = new string[3];
        for (var i = 0; i < 3; i++)
        {
            var rest = value[at..Math.Min(value.Length, MaxPrefixLength)];
            var colon = rest.IndexOf((byte)':');
            if (colon <= 0)
            {
                return new(StoredValueEncoding.Encrypted);
            }

            parts[i] = System.Text.Encoding.UTF8.GetString(rest[..colon]);
            at += colon + 1;
        }

        return new(StoredValueEncoding.Encrypted, parts[0], parts[1], parts[2], at);
    }
}
