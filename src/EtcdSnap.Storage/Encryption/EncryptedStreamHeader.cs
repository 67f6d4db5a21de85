using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using EtcdSnap.Formats;
using L = EtcdSnap.Storage.Encryption.EncryptedStreamLayout;

namespace EtcdSnap.Storage.Encryption;

/// <summary>The header of an encrypted stream and the per-stream key derived from it.</summary>
internal sealed class EncryptedStreamHeader
{
    private EncryptedStreamHeader(byte[] bytes, int chunkSize, string keyId)
    {
        Bytes = bytes;
        ChunkSize = chunkSize;
        KeyId = keyId;
    }

    /// <summary>The serialized header: written first, and the AAD of every chunk.</summary>
    public byte[] Bytes { get; }

    public int ChunkSize { get; }

    public string KeyId { get; }

    public ReadOnlySpan<byte> Salt => Bytes.AsSpan(L.Salt, L.SaltSize);

    public ReadOnlySpan<byte> NoncePrefix => Bytes.AsSpan(L.NoncePrefix, L.NoncePrefixSize);

    public ReadOnlySpan<byte> KeyCheck => Bytes.AsSpan(L.KeyCheck, L.KeyCheckSize);

    /// <summary>A new header with fresh salt and nonce prefix; returns the per-stream AES key too.</summary>
    public static EncryptedStreamHeader Create(EncryptionKey key, int chunkSize, out byte[] streamKey)
    {
        if (chunkSize is < L.MinChunkSize or > L.MaxChunkSize)
        {
            throw new ArgumentOutOfRangeException(nameof(chunkSize), chunkSize, $"must be {L.MinChunkSize} to {L.MaxChunkSize}");
        }

        var id = Encoding.ASCII.GetBytes(key.Id);
        var bytes = new byte[L.FixedSize + id.Length];
        L.MagicBytes.CopyTo(bytes);
        bytes[L.Version] = L.CurrentVersion;
        bytes[L.Algorithm] = L.AesGcmHkdfSha256;
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(L.ChunkSize), (uint)chunkSize);
        RandomNumberGenerator.Fill(bytes.AsSpan(L.Salt, L.SaltSize));
        RandomNumberGenerator.Fill(bytes.AsSpan(L.NoncePrefix, L.NoncePrefixSize));
        bytes[L.KeyIdLength] = (byte)id.Length;
        id.CopyTo(bytes.AsSpan(L.KeyId));
        streamKey = Derive(key, bytes.AsSpan(L.Salt, L.SaltSize), bytes.AsSpan(L.KeyCheck, L.KeyCheckSize));
        return new EncryptedStreamHeader(bytes, chunkSize, key.Id);
    }

    /// <summary>Checks the fixed part read from a stream and returns the length of the key id that follows.</summary>
    /// <exception cref="CorruptDataException">Not an encrypted stream, or a version or field this reader does not know.</exception>
    public static int ParseFixed(ReadOnlySpan<byte> fixedPart, string path)
    {
        if (fixedPart.Length < L.FixedSize)
        {
            throw new CorruptDataException(path, fixedPart.Length,
                $"truncated: {fixedPart.Length} bytes, shorter than the {L.FixedSize}-byte encryption header");
        }

        if (!fixedPart[..L.MagicBytes.Length].SequenceEqual(L.MagicBytes))
        {
            throw new CorruptDataException(path, 0, "not an etcdsnap encrypted stream (bad magic)");
        }

        if (fixedPart[L.Version] != L.CurrentVersion)
        {
            throw new CorruptDataException(path, L.Version,
                $"encryption format version {fixedPart[L.Version]}, this etcdsnap reads version {L.CurrentVersion}");
        }

        if (fixedPart[L.Algorithm] != L.AesGcmHkdfSha256)
        {
            throw new CorruptDataException(path, L.Algorithm, $"unknown encryption algorithm {fixedPart[L.Algorithm]}");
        }

        if (fixedPart[L.Reserved] != 0 || fixedPart[L.Reserved + 1] != 0)
        {
            throw new CorruptDataException(path, L.Reserved, "reserved header bytes are not zero");
        }

        var chunkSize = BinaryPrimitives.ReadUInt32LittleEndian(fixedPart[L.ChunkSize..]);
        if (chunkSize is < L.MinChunkSize or > L.MaxChunkSize)
        {
            throw new CorruptDataException(path, L.ChunkSize, $"chunk size {chunkSize} is outside {L.MinChunkSize}..{L.MaxChunkSize}");
        }

        int idLength = fixedPart[L.KeyIdLength];
        if (idLength is 0 or > L.MaxKeyIdLength)
        {
            throw new CorruptDataException(path, L.KeyIdLength, $"key id length {idLength} is outside 1..{L.MaxKeyIdLength}");
        }

        return idLength;
    }

    /// <summary>Completes parsing once the key id is read, and checks that <paramref name="key"/> is the right one.</summary>
    /// <exception cref="CorruptDataException">The key id is malformed, or the key does not match this stream.</exception>
    public static EncryptedStreamHeader Open(byte[] bytes, EncryptionKey key, string path, out byte[] streamKey)
    {
        var keyId = Encoding.ASCII.GetString(bytes, L.KeyId, bytes.Length - L.KeyId);
        if (!EncryptionKey.IsValidId(keyId))
        {
            throw new CorruptDataException(path, L.KeyId, "key id has characters other than A-Z a-z 0-9 . _ -");
        }

        var header = new EncryptedStreamHeader(bytes, (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(L.ChunkSize)), keyId);
        Span<byte> check = stackalloc byte[L.KeyCheckSize];
        streamKey = Derive(key, header.Salt, check);
        if (!CryptographicOperations.FixedTimeEquals(check, header.KeyCheck))
        {
            CryptographicOperations.ZeroMemory(streamKey);
            var reason = keyId == key.Id
                ? $"wrong encryption key: the key check for key id \"{keyId}\" failed (a different key with the same id, or a modified header)"
                : $"wrong encryption key: encrypted with key id \"{keyId}\", the key given has id \"{key.Id}\"";
            throw new CorruptDataException(path, L.KeyCheck, reason)
            {
                Hint = $"pass the key file whose id is \"{keyId}\"",
            };
        }

        return header;
    }

    // One HKDF-SHA256 expansion gives the stream's AES key and a key check. A fresh random salt per stream
    // means a fresh key per stream, so random nonce prefixes can never collide across streams under one
    // AES key; the check turns a wrong key into a clear error before any chunk is tried.
    private static byte[] Derive(EncryptionKey key, ReadOnlySpan<byte> salt, Span<byte> keyCheck)
    {
        Span<byte> okm = stackalloc byte[EncryptionKey.Size + L.KeyCheckSize];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, key.Material, okm, salt, L.KdfInfo);
        var streamKey = okm[..EncryptionKey.Size].ToArray();
        okm[EncryptionKey.Size..].CopyTo(keyCheck);
        CryptographicOperations.ZeroMemory(okm);
        return streamKey;
    }

    /// <summary>The nonce of chunk <paramref name="index"/>.</summary>
    public void Nonce(uint index, bool last, Span<byte> nonce)
    {
        NoncePrefix.CopyTo(nonce);
        BinaryPrimitives.WriteUInt32BigEndian(nonce[L.NonceCounter..], index);
        nonce[L.NonceFlag] = last ? (byte)1 : (byte)0;
    }
}
