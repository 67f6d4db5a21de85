using System.CommandLine;
using EtcdSnap.Storage;

namespace EtcdSnap.Cli.Commands.Backup;

/// <summary>`--repo URL`: where backups live (env <c>ETCDSNAP_REPO</c>, default <c>file:///var/backups/etcd</c>).</summary>
internal static class RepositoryOption
{
    /// <summary>The environment variable that names the repository when <c>--repo</c> is not given.</summary>
    public const string EnvironmentVariable = "ETCDSNAP_REPO";

    /// <summary>Creates the option (a new instance per command, as System.CommandLine requires).</summary>
    public static Option<string> Create() => new("--repo")
    {
        Description = $"Backup repository: a directory, file:///DIR, s3://BUCKET/PREFIX or azblob://CONTAINER/PREFIX (env {EnvironmentVariable})",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnv
            ? fromEnv
            : BackupStoreUrl.DefaultLocal,
    };
}
