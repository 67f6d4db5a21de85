using System.Security.Cryptography;
using System.Text;
using EtcdSnap.Formats;
using EtcdSnap.Formats.IO;

namespace EtcdSnap.Storage.Encryption;

/// <summary>
/// A 256-bit backup encryption key with an id. Key files hold the key as one line of base64, optionally
/// preceded by '#' comment lines. The id is written into every encrypted backup and its manifest, so the right
/// key can be found; by default it is the first 8 bytes of SHA-256(key) in hex.
/// </summary>
public sealed class EncryptionKey
{
    /// <summary>Key size in bytes (AES-256).</summary>
    public const int Size = 32;

    private readonly byte[] _material;

    private EncryptionKey(byte[] material, string? id)
    {
        _material = material;
        Id = id ?? DeriveId(material);
        if (!IsValidId(Id))
        {
            throw new ArgumentException($"key id \"{Id}\" must be 1 to 64 characters of A-Z a-z 0-9 . _ -", nameof(id));
        }
    }

    /// <summary>The key id recorded in backups.</summary>
    public string Id { get; }

    internal ReadOnlySpan<byte> Material => _material;

    /// <summary>Creates a new random key.</summary>
    /// <param name="id">An explicit id; null derives it from the key.</param>
    /// <exception cref="ArgumentException">The id has characters other than A-Z a-z 0-9 . _ - or is too long.</exception>
    public static EncryptionKey Generate(string? id = null) => new(RandomNumberGenerator.GetBytes(Size), id);

    /// <summary>Makes a key from its base64 text.</summary>
    /// <exception cref="CorruptDataException">The text is not base64 of exactly 32 bytes.</exception>
    public static EncryptionKey FromBase64(string text, string? id = null, string source = "encryption key")
    {
        ArgumentNullException.ThrowIfNull(text);
        var buffer = new byte[Size + 3];
        if (!Convert.TryFromBase64String(text.Trim(), buffer, out var written) || written != Size)
        {
            throw new CorruptDataException(source, null, $"not a base64-encoded {Size}-byte key")
            {
                Hint = "generate one with `etcdsnap key generate`, or: head -c 32 /dev/urandom | base64",
            };
        }

        return new EncryptionKey(buffer[..Size], id);
    }

    /// <summary>Reads a key file: '#' comment lines and blank lines, then exactly one line of base64.</summary>
    /// <exception cref="CorruptDataException">The file does not hold exactly one valid key line.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be read by this user.</exception>
    public static EncryptionKey LoadFile(string path, string? id = null)
    {
        var info = new FileInfo(path);
        if (info.Exists && info.Length > 64 * 1024)
        {
            throw new CorruptDataException(path, null, $"{info.Length} bytes is too large for a key file");
        }

        var lines = File.ReadAllLines(path)
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .ToList();
        if (lines.Count != 1)
        {
            throw new CorruptDataException(path, null, $"expected one line of base64 key, found {lines.Count} non-comment lines");
        }

        return FromBase64(lines[0], id, path);
    }

    /// <summary>The key as base64 (44 characters).</summary>
    public string ToBase64() => Convert.ToBase64String(_material);

    /// <summary>Writes the key to a new file, mode 0600, atomically; never overwrites an existing file.</summary>
    /// <exception cref="IOException">The file exists, or cannot be written.</exception>
    public async Task WriteFileAsync(string path, CancellationToken cancellationToken)
    {
        var text = new StringBuilder()
            .Append("# etcdsnap backup encryption key (AES-256, base64). Keep it secret and keep a copy off the cluster:\n")
            .Append("# backups encrypted with it cannot be restored without it.\n")
            .Append("# key id: ").Append(Id).Append('\n')
            .Append(ToBase64()).Append('\n')
            .ToString();
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
        {
            throw new IOException($"{full}: already exists; refusing to overwrite a key file");
        }

        await DurableFile.WriteAllBytesAsync(full, Encoding.ASCII.GetBytes(text), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The default id of a key: the first 8 bytes of its SHA-256, in lower-case hex.</summary>
    public static string DeriveId(ReadOnlySpan<byte> key) => Convert.ToHexStringLower(SHA256.HashData(key)[..8]);

    /// <summary>True for 1 to 64 characters of A-Z a-z 0-9 . _ -.</summary>
    public static bool IsValidId(string id) =>
        id.Length is > 0 and <= EncryptedStreamLayout.MaxKeyIdLength
        && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
