using System.Security.Cryptography;
using EtcdSnap.Formats;
using EtcdSnap.Storage.Encryption;
using EtcdSnap.Testing;

namespace EtcdSnap.Storage.Tests.Encryption;

public sealed class EncryptionKeyTests : IDisposable
{
    private readonly TempDirectory _temp = new("keys");

    [Fact]
    public void Generate_IdIsFirst8BytesOfSha256()
    {
        var key = EncryptionKey.Generate();

        var bytes = Convert.FromBase64String(key.ToBase64());
        Assert.Equal(32, bytes.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes))[..16], key.Id);
    }

    [Fact]
    public async Task WriteFile_ThenLoad_GivesSameKey_File0600()
    {
        var key = EncryptionKey.Generate();
        var path = _temp.Combine("etcd.key");

        await key.WriteFileAsync(path, CancellationToken.None);
        var loaded = EncryptionKey.LoadFile(path);

        Assert.Equal(key.ToBase64(), loaded.ToBase64());
        Assert.Equal(key.Id, loaded.Id);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Contains($"# key id: {key.Id}", await File.ReadAllTextAsync(path), StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(_temp.Path));
    }

    [Fact]
    public async Task WriteFile_Existing_RefusesToOverwrite()
    {
        var path = _temp.Combine("etcd.key");
        await File.WriteAllTextAsync(path, "precious");

        var e = await Assert.ThrowsAsync<IOException>(() => EncryptionKey.Generate().WriteFileAsync(path, CancellationToken.None));

        Assert.Contains("refusing to overwrite", e.Message, StringComparison.Ordinal);
        Assert.Equal("precious", await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task LoadFile_BareBase64WithExplicitId_UsesThatId()
    {
        var path = _temp.Combine("k");
        await File.WriteAllTextAsync(path, "\n" + Convert.ToBase64String(new byte[32]) + "\n\n");

        var key = EncryptionKey.LoadFile(path, "backup-2026");

        Assert.Equal("backup-2026", key.Id);
    }

    [Theory]
    [InlineData("not base64!", "not a base64-encoded 32-byte key")]
    [InlineData("AAAA", "not a base64-encoded 32-byte key")]
    [InlineData("", "found 0 non-comment lines")]
    [InlineData("# only a comment", "found 0 non-comment lines")]
    public async Task LoadFile_Malformed_ThrowsCorruptWithPath(string content, string fragment)
    {
        var path = _temp.Combine("bad.key");
        await File.WriteAllTextAsync(path, content);

        var e = Assert.Throws<CorruptDataException>(() => EncryptionKey.LoadFile(path));

        Assert.Equal(path, e.Path);
        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("slash/no")]
    [InlineData("")]
    public void Generate_InvalidId_Throws(string id) =>
        Assert.Throws<ArgumentException>(() => EncryptionKey.Generate(id));

    public void Dispose() => _temp.Dispose();
}
