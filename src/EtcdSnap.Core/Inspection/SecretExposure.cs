namespace EtcdSnap.Core.Inspection;

/// <summary>How the Secrets of a whole snapshot are stored (filters never apply: this is a fact about the file).</summary>
/// <param name="Total">Secrets in the snapshot.</param>
/// <param name="Unencrypted">Secrets stored without encryption at rest: readable by anyone who has the file.</param>
public sealed record SecretExposure(int Total, int Unencrypted)
{
    /// <summary>Secrets encrypted at rest.</summary>
    public int Encrypted => Total - Unencrypted;

    /// <summary>Counts the Secrets among <paramref name="objects"/>.</summary>
    public static SecretExposure Of(IEnumerable<SnapshotObject> objects)
    {
        int total = 0, unencrypted = 0;
        foreach (var o in objects)
        {
            if (o.IsUnencryptedSecret || o.IsEncryptedSecret)
            {
                total++;
                unencrypted += o.IsUnencryptedSecret ? 1 : 0;
            }
        }

        return new SecretExposure(total, unencrypted);
    }
}
