using EtcdSnap.Formats;
using EtcdSnap.Storage.Compression;
using EtcdSnap.Storage.Encryption;
using EtcdSnap.Storage.Tests.Support;
using EtcdSnap.Testing;

namespace EtcdSnap.Storage.Tests.Compression;

public sealed class BackupCompressionTests : IDisposable
{
    private readonly TempDirectory _temp = new("zstd");

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(128 * 1024)]
    [InlineData((128 * 1024) + 1)]
    [InlineData(3_000_000)]
    public async Task RoundTrip_AnyLength_ReturnsInput(int length)
    {
        var plain = GeneratedStream.Bytes(length, seed: 11, compressibility: 8);

        var compressed = await ReadAllAsync(BackupCompression.Compress(new MemoryStream(plain)));
        var back = await ReadAllAsync(BackupCompression.Decompress(new MemoryStream(compressed), "x.zst"));

        Assert.Equal(plain, back);
        if (length > 100_000)
        {
            Assert.True(compressed.Length < length / 4, $"{length} compressible bytes gave {compressed.Length}");
        }
    }

    [Fact]
    public async Task Compress_OutputIsAStandardZstdFrame_TheZstdCliAgrees()
    {
        // Given: our frame written to a file, decompressed by the reference implementation (zstd 1.5 CLI).
        var plain = GeneratedStream.Bytes(1_000_000, seed: 3, compressibility: 4);
        var zst = _temp.Combine("a.zst");
        await File.WriteAllBytesAsync(zst, await ReadAllAsync(BackupCompression.Compress(new MemoryStream(plain), level: 3)));

        // When
        var result = await ProcessRunner.RunAsync("zstd", ["-d", "-q", zst, "-o", _temp.Combine("a")]);

        // Then
        result.EnsureSuccess("zstd -d");
        Assert.Equal(plain, await File.ReadAllBytesAsync(_temp.Combine("a")));
    }

    [Fact]
    public async Task Decompress_FrameFromTheZstdCli_ReturnsInput()
    {
        var plain = GeneratedStream.Bytes(500_000, seed: 5, compressibility: 2);
        await File.WriteAllBytesAsync(_temp.Combine("b"), plain);
        (await ProcessRunner.RunAsync("zstd", ["-q", "-19", _temp.Combine("b"), "-o", _temp.Combine("b.zst")])).EnsureSuccess("zstd");

        var back = await ReadAllAsync(BackupCompression.Decompress(File.OpenRead(_temp.Combine("b.zst")), "b.zst"));

        Assert.Equal(plain, back);
    }

    [Fact]
    public async Task Decompress_Truncated_ThrowsCorrupt()
    {
        var compressed = await ReadAllAsync(BackupCompression.Compress(new MemoryStream(GeneratedStream.Bytes(400_000, 1, 4))));

        var e = await Assert.ThrowsAsync<CorruptDataException>(
            () => ReadAllAsync(BackupCompression.Decompress(new MemoryStream(compressed[..^10]), "t.zst")));

        Assert.StartsWith("t.zst: zstd: ", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decompress_FlippedByte_ThrowsCorrupt()
    {
        var compressed = await ReadAllAsync(BackupCompression.Compress(new MemoryStream(GeneratedStream.Bytes(400_000, 1, 4))));
        compressed[compressed.Length / 2] ^= 0x40;

        await Assert.ThrowsAsync<CorruptDataException>(
            () => ReadAllAsync(BackupCompression.Decompress(new MemoryStream(compressed), "f.zst")));
    }

    [Fact]
    public async Task Decompress_NotZstd_ThrowsCorrupt()
    {
        var e = await Assert.ThrowsAsync<CorruptDataException>(
            () => ReadAllAsync(BackupCompression.Decompress(new MemoryStream(new byte[1000]), "plain.db")));

        Assert.Contains("zstd", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompressThenEncrypt_RoundTrips()
    {
        var key = EncryptionKey.Generate();
        var plain = GeneratedStream.Bytes(2_500_000, seed: 8, compressibility: 16);

        var stored = await ReadAllAsync(BackupEncryption.Encrypt(BackupCompression.Compress(new MemoryStream(plain)), key, 4096));
        var back = await ReadAllAsync(BackupCompression.Decompress(BackupEncryption.Decrypt(new MemoryStream(stored), key, "s"), "s"));

        Assert.Equal(plain, back);
        Assert.True(stored.Length < plain.Length / 8);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    [InlineData(-8)]
    public void Compress_LevelOutOfRange_Throws(int level) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => BackupCompression.Compress(new MemoryStream(), level));

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        await using (stream)
        {
            using var output = new MemoryStream();
            await stream.CopyToAsync(output);
            return output.ToArray();
        }
    }

    public void Dispose() => _temp.Dispose();
}
