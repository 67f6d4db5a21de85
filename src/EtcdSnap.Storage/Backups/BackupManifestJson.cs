using System.Text.Json;
using EtcdSnap.Formats;

namespace EtcdSnap.Storage.Backups;

/// <summary>Reads and writes <c>backup.json</c>, checking every field a reader relies on.</summary>
internal static class BackupManifestJson
{
    /// <summary>Manifests are small; anything bigger is not one of ours.</summary>
    public const int MaxSize = 1 << 20;

    public static byte[] Serialize(BackupManifest manifest) =>
        JsonSerializer.SerializeToUtf8Bytes(manifest, BackupJsonContext.Default.BackupManifest);

    /// <exception cref="CorruptDataException">Not valid JSON, a newer format, or fields that do not add up.</exception>
    public static BackupManifest Parse(ReadOnlySpan<byte> json, string path, string expectedId)
    {
        BackupManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(json, BackupJsonContext.Default.BackupManifest);
        }
        catch (JsonException e)
        {
            var where = e.BytePositionInLine is { } col ? $" (line {e.LineNumber + 1}, column {col + 1})" : "";
            throw new CorruptDataException(path, null, $"not a valid backup manifest{where}: {FirstLine(e.Message)}", e);
        }

        if (manifest is null)
        {
            throw new CorruptDataException(path, null, "not a valid backup manifest: null");
        }

        if (Validate(manifest, expectedId) is { } problem)
        {
            throw new CorruptDataException(path, null, problem)
            {
                Hint = manifest.FormatVersion > BackupManifest.CurrentFormatVersion ? "upgrade etcdsnap to read this backup" : null,
            };
        }

        return manifest;
    }

    private static string? Validate(BackupManifest m, string expectedId)
    {
        if (m.FormatVersion != BackupManifest.CurrentFormatVersion)
        {
            return $"manifest format version {m.FormatVersion}; this etcdsnap reads version {BackupManifest.CurrentFormatVersion}";
        }

        if (m.Id != expectedId)
        {
            return $"manifest id \"{m.Id}\" does not match its folder \"{expectedId}\"";
        }

        if (m.Sha256 is not { Length: 64 } || !m.Sha256.All(char.IsAsciiHexDigitLower))
        {
            return "sha256 is not 64 lower-case hex digits";
        }

        if (m.DbSize < 0 || m.StoredSize < 0)
        {
            return "negative size";
        }

        if (m.Compression is not (BackupLayout.CompressionNone or BackupLayout.CompressionZstd))
        {
            return $"unknown compression \"{m.Compression}\"";
        }

        if (m.Encryption is not (BackupLayout.EncryptionNone or BackupLayout.EncryptionAesGcm))
        {
            return $"unknown encryption \"{m.Encryption}\"";
        }

        var expectedObject = BackupLayout.SnapshotObjectName(m.Compression == BackupLayout.CompressionZstd, m.IsEncrypted);
        return m.SnapshotObject != expectedObject
            ? $"snapshotObject \"{m.SnapshotObject}\" does not match compression \"{m.Compression}\" and encryption \"{m.Encryption}\" (want \"{expectedObject}\")"
            : null;
    }

    private static string FirstLine(string text)
    {
        // System.Text.Json appends " Path: $ | LineNumber: … | BytePositionInLine: …"; we report line and column ourselves.
        var end = text.IndexOfAny(['\n', '\r']);
        var path = text.IndexOf(" Path: ", StringComparison.Ordinal);
        var cut = end < 0 ? path : path < 0 ? end : Math.Min(end, path);
        return (cut < 0 ? text : text[..cut]).TrimEnd('.', ' ');
    }
}
