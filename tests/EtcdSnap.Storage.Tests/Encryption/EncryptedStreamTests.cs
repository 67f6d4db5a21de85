using System.Buffers.Binary;
using EtcdSnap.Formats;
using EtcdSnap.Storage.Encryption;
using EtcdSnap.Storage.Tests.Support;

namespace EtcdSnap.Storage.Tests.Encryption;

public sealed class EncryptedStreamTests
{
    private const int Chunk = 64;
    private static readonly EncryptionKey s_key = EncryptionKey.Generate();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(Chunk - 1)]
    [InlineData(Chunk)]
    [InlineData(Chunk + 1)]
    [InlineData(3 * Chunk)]
    [InlineData((3 * Chunk) + 5)]
    [InlineData(100_000)]
    public async Task RoundTrip_AnyLength_ReturnsPlaintext(int length)
    {
        var plain = GeneratedStream.Bytes(length, seed: length);

        var cipher = Encrypt(plain);

        // Layout: header, one chunk per full chunk of plaintext plus a short (possibly empty) last one.
        var chunks = (length / Chunk) + 1;
        Assert.Equal(HeaderSize(s_key) + length + (16 * chunks), cipher.Length);
        Assert.Equal(plain, await DecryptAllAsync(cipher, readSize: 7));
        Assert.Equal(plain, DecryptAllSync(cipher, readSize: 4096));
    }

    [Fact]
    public void Encrypt_WritesDocumentedHeader()
    {
        var key = EncryptionKey.Generate("prod-2026");

        var cipher = Encrypt([1, 2, 3], key);

        Assert.Equal("ESNAPENC"u8.ToArray(), cipher[..8]);
        Assert.Equal(1, cipher[8]);
        Assert.Equal(1, cipher[9]);
        Assert.Equal(0, cipher[10] | cipher[11]);
        Assert.Equal((uint)Chunk, BinaryPrimitives.ReadUInt32LittleEndian(cipher.AsSpan(12)));
        Assert.Equal(9, cipher[55]);
        Assert.Equal("prod-2026"u8.ToArray(), cipher[88..97]);
    }

    [Fact]
    public void Encrypt_SamePlaintextTwice_GivesUnrelatedCiphertexts()
    {
        var plain = new byte[300];

        var a = Encrypt(plain);
        var b = Encrypt(plain);

        Assert.NotEqual(a[16..55], b[16..55]); // salt and nonce prefix are fresh
        Assert.NotEqual(a[^100..], b[^100..]);
    }

    [Fact]
    public async Task Decrypt_KeyWithOtherId_NamesBothIds()
    {
        var cipher = Encrypt(new byte[10], EncryptionKey.Generate("alpha"));

        var e = await Assert.ThrowsAsync<CorruptDataException>(() => DecryptAllAsync(cipher, 100, EncryptionKey.Generate("beta")));

        Assert.Contains("wrong encryption key: encrypted with key id \"alpha\", the key given has id \"beta\"", e.Message, StringComparison.Ordinal);
        Assert.Equal("pass the key file whose id is \"alpha\"", e.Hint);
    }

    [Fact]
    public async Task Decrypt_DifferentKeyWithSameId_FailsKeyCheck()
    {
        var cipher = Encrypt(new byte[10], EncryptionKey.Generate("same"));

        var e = await Assert.ThrowsAsync<CorruptDataException>(() => DecryptAllAsync(cipher, 100, EncryptionKey.Generate("same")));

        Assert.Contains("key check for key id \"same\" failed", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decrypt_SameKeyUnderAnotherId_Works()
    {
        var key = EncryptionKey.Generate("old-name");
        var renamed = EncryptionKey.FromBase64(key.ToBase64(), "new-name");

        Assert.Equal([5, 6], await DecryptAllAsync(Encrypt([5, 6], key), 10, renamed));
    }

    [Fact]
    public async Task Decrypt_AnyFlippedBit_FailsWithoutReturningUnverifiedBytes()
    {
        // Given: four chunks; every single bit flip anywhere (header, ciphertext, tags).
        var plain = GeneratedStream.Bytes((3 * Chunk) + 10, seed: 9);
        var cipher = Encrypt(plain);
        var firstChunk = HeaderSize(s_key);

        for (var i = 0; i < cipher.Length; i++)
        {
            var bad = (byte[])cipher.Clone();
            bad[i] ^= (byte)(1 << (i % 8));

            // When
            var (output, error) = await DecryptUntilErrorAsync(bad);

            // Then: refused, and only chunks before the damaged one were returned.
            Assert.NotNull(error);
            var damagedChunk = i < firstChunk ? 0 : (i - firstChunk) / (Chunk + 16);
            Assert.True(output.Length <= damagedChunk * Chunk, $"flip at {i}: {output.Length} bytes returned before chunk {damagedChunk}");
            Assert.Equal(plain[..output.Length], output);
        }
    }

    [Fact]
    public async Task Decrypt_EveryTruncation_Fails()
    {
        var cipher = Encrypt(GeneratedStream.Bytes(2 * Chunk, seed: 2)); // 2 full chunks + an empty last one

        for (var length = 0; length < cipher.Length; length++)
        {
            var (_, error) = await DecryptUntilErrorAsync(cipher[..length]);
            Assert.True(error is not null, $"truncation to {length} of {cipher.Length} bytes was accepted");
        }
    }

    [Fact]
    public async Task Decrypt_TruncatedAtChunkBoundary_SaysTruncated()
    {
        var cipher = Encrypt(GeneratedStream.Bytes(3 * Chunk, seed: 2));
        var withoutLastChunk = cipher[..^16]; // the empty last chunk is just a tag

        var e = await Assert.ThrowsAsync<CorruptDataException>(() => DecryptAllAsync(withoutLastChunk, 1000));

        Assert.Contains("truncated: the stream ends 0 bytes into chunk 3, before its last chunk", e.Message, StringComparison.Ordinal);
        Assert.Equal(withoutLastChunk.Length, e.Offset);
    }

    [Fact]
    public async Task Decrypt_SwappedChunks_FailsAtFirstSwappedChunk()
    {
        var cipher = Encrypt(GeneratedStream.Bytes((3 * Chunk) + 1, seed: 4));
        var h = HeaderSize(s_key);
        var size = Chunk + 16;
        var swapped = (byte[])cipher.Clone();
        cipher.AsSpan(h + size, size).CopyTo(swapped.AsSpan(h));
        cipher.AsSpan(h, size).CopyTo(swapped.AsSpan(h + size));

        var e = await Assert.ThrowsAsync<CorruptDataException>(() => DecryptAllAsync(swapped, 1000));

        Assert.Contains("chunk 0 failed authentication", e.Message, StringComparison.Ordinal);
        Assert.Equal(h, e.Offset);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(16)]
    [InlineData(Chunk + 16)]
    public async Task Decrypt_AppendedData_Fails(int extra)
    {
        var cipher = Encrypt(GeneratedStream.Bytes(Chunk + 3, seed: 5));
        var appended = cipher.Concat(cipher[^extra..]).ToArray();

        await Assert.ThrowsAsync<CorruptDataException>(() => DecryptAllAsync(appended, 1000));
    }

    [Fact]
    public async Task Decrypt_PlainSnapshot_SaysNotEncrypted()
    {
        var e = await Assert.ThrowsAsync<CorruptDataException>(() => DecryptAllAsync(new byte[4096], 100));

        Assert.Equal("backup at offset 0: not an etcdsnap encrypted stream (bad magic)", e.Message);
    }

    [Fact]
    public async Task Decrypt_HugeChunkSizeInHeader_RefusedBeforeAllocating()
    {
        var cipher = Encrypt([1]);
        BinaryPrimitives.WriteUInt32LittleEndian(cipher.AsSpan(12), uint.MaxValue);

        var e = await Assert.ThrowsAsync<CorruptDataException>(() => DecryptAllAsync(cipher, 100));

        Assert.Contains("chunk size 4294967295 is outside", e.Message, StringComparison.Ordinal);
        Assert.Equal(12, e.Offset);
    }

    private static int HeaderSize(EncryptionKey key) => 88 + key.Id.Length;

    private static byte[] Encrypt(byte[] plain, EncryptionKey? key = null)
    {
        using var stream = BackupEncryption.Encrypt(new MemoryStream(plain), key ?? s_key, Chunk);
        using var output = new MemoryStream();
        stream.CopyTo(output);
        return output.ToArray();
    }

    private static async Task<byte[]> DecryptAllAsync(byte[] cipher, int readSize, EncryptionKey? key = null)
    {
        await using var stream = BackupEncryption.Decrypt(new MemoryStream(cipher), key ?? s_key, "backup");
        using var output = new MemoryStream();
        var buffer = new byte[readSize];
        int n;
        while ((n = await stream.ReadAsync(buffer)) > 0)
        {
            output.Write(buffer, 0, n);
        }

        return output.ToArray();
    }

    private static byte[] DecryptAllSync(byte[] cipher, int readSize)
    {
        using var stream = BackupEncryption.Decrypt(new MemoryStream(cipher), s_key, "backup");
        using var output = new MemoryStream();
        var buffer = new byte[readSize];
        int n;
        while ((n = stream.Read(buffer)) > 0)
        {
            output.Write(buffer, 0, n);
        }

        return output.ToArray();
    }

    private static async Task<(byte[] Output, CorruptDataException? Error)> DecryptUntilErrorAsync(byte[] cipher)
    {
        using var output = new MemoryStream();
        try
        {
            await using var stream = BackupEncryption.Decrypt(new MemoryStream(cipher), s_key, "backup");
            await stream.CopyToAsync(output);
            return (output.ToArray(), null);
        }
        catch (CorruptDataException e)
        {
            return (output.ToArray(), e);
        }
    }
}
