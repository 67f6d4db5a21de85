using System.Globalization;
using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Core.Inspection;

namespace EtcdSnap.Cli.Commands.Inspect;

/// <summary>Warnings the inspection verbs print on stderr (never on stdout, so `-o json | jq` keeps working).</summary>
internal static class InspectWarnings
{
    /// <summary>A backup holding readable Secrets must be guarded like the cluster; nothing is said when all are encrypted.</summary>
    public static void UnencryptedSecrets(CliConsole console, string path, SecretExposure secrets)
    {
        if (secrets.Unencrypted == 0)
        {
            return;
        }

        var encrypted = secrets.Encrypted == 0 ? "" : $" ({secrets.Encrypted} encrypted)";
        console.Warn($"{path} holds {Count(secrets.Unencrypted, "Secret")} without encryption at rest{encrypted}: " +
            "the file is as sensitive as the cluster");
    }

    /// <summary>Values whose first bytes promise an object but do not decode.</summary>
    public static void Undecodable(CliConsole console, IEnumerable<SnapshotObject> objects)
    {
        var bad = objects.Where(o => o.Problem is not null).ToList();
        if (bad.Count > 0)
        {
            console.Warn($"{Count(bad.Count, "value")} could not be read as objects (first: {bad[0].Key}: {bad[0].Problem}); " +
                "'etcdsnap get' on one shows the details");
        }
    }

    /// <summary>Nothing under the prefix but keys elsewhere: probably another --etcd-prefix.</summary>
    public static void NothingUnderPrefix(CliConsole console, SnapshotListing listing, string prefix)
    {
        var foreign = listing.OtherKeys.Count(k => k.Location.Kind == Kubernetes.Objects.RegistryKeyKind.Foreign);
        if (listing.Objects.Count == 0 && foreign > 0)
        {
            console.Warn($"no key is under {prefix}/, but {Count(foreign, "key")} {(foreign == 1 ? "is" : "are")} elsewhere; " +
                "if kube-apiserver ran with another --etcd-prefix, pass it with --etcd-prefix");
        }
    }

    public static string Count(long n, string one) =>
        string.Create(CultureInfo.InvariantCulture, $"{n:N0} {(n == 1 ? one : one + "s")}");
}
