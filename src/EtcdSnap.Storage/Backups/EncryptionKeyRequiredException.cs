namespace EtcdSnap.Storage.Backups;

/// <summary>A backup is encrypted and no key was given to read it (a usage error, not corruption).</summary>
public sealed class EncryptionKeyRequiredException(string backupId, string? keyId)
    : Exception($"backup \"{backupId}\" is encrypted (key id \"{keyId}\"); no encryption key was given")
{
    /// <summary>The backup that needs a key.</summary>
    public string BackupId { get; } = backupId;

    /// <summary>The id of the key it was encrypted with.</summary>
    public string? KeyId { get; } = keyId;

    /// <summary>A concrete next step for the user.</summary>
    public string Hint => $"pass the key file whose id is \"{KeyId}\"";
}
