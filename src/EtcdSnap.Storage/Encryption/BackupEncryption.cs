namespace EtcdSnap.Storage.Encryption;

/// <summary>Streaming AES-256-GCM encryption of backups (format: docs/formats/encryption.md).</summary>
public static class BackupEncryption
{
    /// <summary>Plaintext bytes per encrypted chunk unless told otherwise (1 MiB).</summary>
    public const int DefaultChunkSize = EncryptedStreamLayout.DefaultChunkSize;

    /// <summary>Wraps <paramref name="plaintext"/> in a stream that reads as its encryption under <paramref name="key"/>.</summary>
    /// <remarks>The returned stream owns <paramref name="plaintext"/> and disposes it.</remarks>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="chunkSize"/> is outside 64 B..16 MiB.</exception>
    public static Stream Encrypt(Stream plaintext, EncryptionKey key, int chunkSize = DefaultChunkSize) =>
        new EncryptingReadStream(plaintext, key, chunkSize);

    /// <summary>
    /// Wraps <paramref name="ciphertext"/> in a stream that reads as the verified plaintext. Reads throw
    /// <see cref="Formats.CorruptDataException"/> (naming <paramref name="path"/> and the offset) for a wrong key
    /// or for data that was modified, reordered, truncated or extended; no unverified byte is ever returned.
    /// </summary>
    /// <remarks>The returned stream owns <paramref name="ciphertext"/> and disposes it.</remarks>
    public static Stream Decrypt(Stream ciphertext, EncryptionKey key, string path) =>
        new DecryptingReadStream(ciphertext, key, path);
}
