namespace EtcdSnap.Core.Inspection;

/// <summary>kube-apiserver's <c>--etcd-prefix</c>, in the form its keys start with.</summary>
public static class EtcdPrefix
{
    /// <summary>The default prefix.</summary>
    public const string Default = "/registry";

    /// <summary><c>registry</c>, <c>/registry/</c> and <c>/registry</c> all mean <c>/registry</c>.</summary>
    /// <exception cref="ArgumentException">The prefix is empty or only slashes.</exception>
    public static string Normalize(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var trimmed = prefix.Trim().Trim('/');
        if (trimmed.Length == 0)
        {
            throw new ArgumentException($"etcd prefix \"{prefix}\" is empty", nameof(prefix));
        }

        return "/" + trimmed;
    }
}
