using System.Text;
using EtcdSnap.Kubernetes.Objects;

namespace EtcdSnap.Kubernetes.Tests.Objects;

public sealed class StoredValueFormatTests
{
    [Theory]
    [InlineData("k8s:enc:aescbc:v1:key1:", "aescbc", "v1", "key1", "encrypted (aescbc v1, key \"key1\")")]
    [InlineData("k8s:enc:aesgcm:v1:key-2024:", "aesgcm", "v1", "key-2024", "encrypted (aesgcm v1, key \"key-2024\")")]
    [InlineData("k8s:enc:secretbox:v1:sb:", "secretbox", "v1", "sb", "encrypted (secretbox v1, key \"sb\")")]
    [InlineData("k8s:enc:kms:v1:vault-plugin:", "kms", "v1", "vault-plugin", "encrypted (kms v1, plugin \"vault-plugin\")")]
    [InlineData("k8s:enc:kms:v2:aws-kms:", "kms", "v2", "aws-kms", "encrypted (kms v2, plugin \"aws-kms\")")]
    public void Detect_EncryptedPrefix_ProviderAndKeyReported(string prefix, string provider, string version, string key, string text)
    {
        byte[] value = [.. Encoding.ASCII.GetBytes(prefix), 0x00, 0xff, 0x3a, 0x10];

        var f = StoredValueFormat.Detect(value);

        Assert.Equal(StoredValueEncoding.Encrypted, f.Encoding);
        Assert.Equal((provider, version, key, prefix.Length), (f.Provider, f.ProviderVersion, f.KeyName, f.PayloadOffset));
        Assert.Equal(text, f.Description);
    }

    [Theory]
    [InlineData("k8s:enc:")]
    [InlineData("k8s:enc:aescbc")]
    [InlineData("k8s:enc:aescbc:v1:key1")]
    [InlineData("k8s:enc::v1:k:")]
    public void Detect_TruncatedEncryptedPrefix_EncryptedWithoutProvider(string value)
    {
        var f = StoredValueFormat.Detect(Encoding.ASCII.GetBytes(value));

        Assert.Equal(StoredValueEncoding.Encrypted, f.Encoding);
        Assert.Null(f.Provider);
        Assert.Equal("encrypted (unrecognised prefix)", f.Description);
    }

    [Theory]
    [InlineData(new byte[] { 0x6b, 0x38, 0x73, 0x00, 0x0a }, StoredValueEncoding.Protobuf)]
    [InlineData(new byte[] { (byte)'{', (byte)'}' }, StoredValueEncoding.Json)]
    [InlineData(new byte[] { (byte)'1', (byte)'2' }, StoredValueEncoding.Other)]
    [InlineData(new byte[] { 0x6b, 0x38, 0x73 }, StoredValueEncoding.Other)]
    [InlineData(new byte[0], StoredValueEncoding.Empty)]
    public void Detect_FirstBytes_Classified(byte[] value, StoredValueEncoding expected)
    {
        Assert.Equal(expected, StoredValueFormat.Detect(value).Encoding);
    }

    [Fact]
    public void Decode_EncryptedValue_NotDecrypted()
    {
        var value = Encoding.ASCII.GetBytes("k8s:enc:aescbc:v1:key1:").Concat(new byte[32]).ToArray();

        var o = StoredValueDecoder.Decode(value, "/registry/secrets/default/s");

        Assert.Equal(StoredValueEncoding.Encrypted, o.Format.Encoding);
        Assert.Null(o.Metadata);
        Assert.Null(o.Kind);
        Assert.Equal(value.Length, o.Size);
    }

    [Fact]
    public void Decode_CompactRevKeyValue_Text()
    {
        var o = StoredValueDecoder.Decode("12345"u8.ToArray(), "compact_rev_key");

        Assert.Equal(StoredValueEncoding.Other, o.Format.Encoding);
        Assert.Equal("12345", o.Text);
    }
}
