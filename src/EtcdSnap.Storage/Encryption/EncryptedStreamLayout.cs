namespace EtcdSnap.Storage.Encryption;

// Layout of an etcdsnap encrypted stream, version 1 (docs/formats/encryption.md). Little-endian integers.
//
//   header   = the fixed part below, then the key id (KeyIdLength bytes of ASCII)
//   chunk i  = AES-256-GCM(plaintext_i) || tag (16); every chunk but the last holds exactly ChunkSize bytes of
//              plaintext, the last holds 0..ChunkSize-1, so a stream always ends with a short chunk
//   nonce i  = NoncePrefix (7) || i as uint32 big-endian (4) || 0x01 for the last chunk, else 0x00 (1)
//   AAD      = the whole header, for every chunk
//   key      = HKDF-SHA256(master key, salt = Salt, info = KdfInfo), 64 bytes: AES key (32) || KeyCheck (32)
internal static class EncryptedStreamLayout
{
    public const int Magic = 0;                         // 00-07 "ESNAPENC"
    public const int Version = Magic + 8;               // 08    1
    public const int Algorithm = Version + 1;           // 09    1 = AES-256-GCM with an HKDF-SHA256 per-stream key
    public const int Reserved = Algorithm + 1;          // 10-11 zero
    public const int ChunkSize = Reserved + 2;          // 12-15 uint32, plaintext bytes per chunk
    public const int Salt = ChunkSize + 4;              // 16-47 random, input to HKDF
    public const int NoncePrefix = Salt + SaltSize;     // 48-54 random
    public const int KeyIdLength = NoncePrefix + NoncePrefixSize; // 55 uint8, 1..MaxKeyIdLength
    public const int KeyCheck = KeyIdLength + 1;        // 56-87 second half of the HKDF output
    public const int KeyId = KeyCheck + KeyCheckSize;   // 88-   ASCII key id
    public const int FixedSize = KeyId;

    public const int SaltSize = 32;
    public const int NoncePrefixSize = 7;
    public const int KeyCheckSize = 32;
    public const int MaxKeyIdLength = 64;
    public const int MaxHeaderSize = FixedSize + MaxKeyIdLength;

    public const byte CurrentVersion = 1;
    public const byte AesGcmHkdfSha256 = 1;

    public const int NonceSize = 12;                    // NoncePrefix (7) || counter (4) || last-chunk flag (1)
    public const int NonceCounter = NoncePrefixSize;
    public const int NonceFlag = NonceCounter + 4;
    public const int TagSize = 16;

    public const int DefaultChunkSize = 1 << 20;        // 1 MiB, as Tink's AES256_GCM_HKDF_1MB
    public const int MinChunkSize = 64;
    public const int MaxChunkSize = 16 << 20;           // a reader allocates this much: keep it bounded

    public static ReadOnlySpan<byte> MagicBytes => "ESNAPENC"u8;

    public static ReadOnlySpan<byte> KdfInfo => "etcdsnap aes-256-gcm stream v1"u8;
}
