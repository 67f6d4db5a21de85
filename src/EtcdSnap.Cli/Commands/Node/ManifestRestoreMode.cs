using System.CommandLine;
using System.CommandLine.Parsing;
using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Cli.Printing;
using EtcdSnap.Core.Backups;
using EtcdSnap.Core.ManifestRestore;
using EtcdSnap.Formats.Membership;

namespace EtcdSnap.Cli.Commands.Node;

/// <summary>
/// The kubeadm side of the <c>restore</c> verb: <c>etcdsnap restore SNAPSHOT --manifest PATH [--data-dir HOSTDIR]
/// [--no-wait] [--timeout 5m] [--dry-run] [--no-bump] [--restart-control-plane] [--expect-sha256 HEX]</c>. The restore
/// verb adds these options and hands over when <c>--manifest</c> is given.
/// </summary>
internal sealed class ManifestRestoreMode
{
    // Flags of the plain data-dir restore that the manifest decides in manifest mode.
    private static readonly string[] s_fromManifest =
        ["--name", "--initial-advertise-peer-urls", "--initial-cluster-token", "--wal-dir", "--all-members", "--skip-hash-check",
         "--bump-revision", "--mark-compacted"];

    private const string ManifestExamples = """

          # kubeadm node: restore beside /var/lib/etcd with the manifest's member, cluster and token, switch the etcd-data
          # volume's hostPath (original manifest kept in /etc/kubernetes/etcdsnap-backup-manifests-<time>/), wait for etcd
          etcdsnap restore /opt/snapshot.db --manifest /etc/kubernetes/manifests/etcd.yaml --restart-control-plane
          # show the plan (directories, manifest diff, members and IDs) and change nothing
          etcdsnap restore /opt/snapshot.db --manifest /etc/kubernetes/manifests/etcd.yaml --dry-run
          # undo the switch: the previous manifest and data dir come back
          etcdsnap rollback --manifest /etc/kubernetes/manifests/etcd.yaml
        """;

    private readonly Option<string?> _manifest = new("--manifest")
    {
        Description = "kubeadm etcd static pod manifest: restore with its member, cluster, token and data volume, switch its data "
            + "volume's hostPath to the restored directory (original kept beside the manifests folder) and wait for etcd",
    };

    private readonly Option<string> _hostRoot = new("--host-root")
    {
        Description = "Where the node's root filesystem is mounted (e.g. /host in a pod); hostPath volumes resolve under it",
        DefaultValueFactory = _ => "/",
    };

    private readonly Option<bool> _noWait = new("--no-wait") { Description = "With --manifest: switch and return without waiting for etcd" };

    private readonly Option<string> _timeout = new("--timeout")
    {
        Description = "With --manifest: how long to wait for etcd to serve the restored data (exit 6 after it)",
        DefaultValueFactory = _ => "5m",
    };

    private readonly Option<bool> _dryRun = new("--dry-run")
    {
        Description = "With --manifest: print the plan (directories, manifest diff, members, IDs) and change nothing",
    };

    private readonly Option<bool> _noBump = new("--no-bump")
    {
        Description = $"With --manifest: do not add --bump-revision {ManifestRestoreRequest.DefaultBump} --mark-compacted",
    };

    private readonly Option<bool> _restartControlPlane = new("--restart-control-plane")
    {
        Description = "With --manifest: once etcd is back, restart kube-apiserver, kube-controller-manager and kube-scheduler by "
            + "moving their manifests out of the folder and back",
    };

    private readonly Option<string> _pause = new("--control-plane-pause")
    {
        Description = "With --restart-control-plane: how long their manifests stay out (the kubelet re-reads the folder every 20s)",
        DefaultValueFactory = _ => "20s",
        Hidden = true,
    };

    private readonly Option<string?> _expectSha256 = new("--expect-sha256")
    {
        Description = "Refuse any snapshot but this one: SHA-256 (hex) of the file or of its db bytes (restore-plan prints it)",
    };

    /// <summary>Adds the options to the restore verb.</summary>
    public static ManifestRestoreMode AddTo(Command command)
    {
        var mode = new ManifestRestoreMode();
        command.Description += ManifestExamples;
        foreach (var option in new Option[]
        {
            mode._manifest, mode._hostRoot, mode._noWait, mode._timeout, mode._dryRun, mode._noBump, mode._restartControlPlane,
            mode._pause, mode._expectSha256,
        })
        {
            command.Options.Add(option);
        }

        return mode;
    }

    /// <summary>True when <c>--manifest</c> was given; refuses manifest-only flags without it.</summary>
    public bool IsRequested(ParseResult result)
    {
        if (result.GetValue(_manifest) is not null)
        {
            return true;
        }

        foreach (var option in new Option[] { _hostRoot, _noWait, _timeout, _dryRun, _noBump, _restartControlPlane, _pause })
        {
            if (Given(result, option.Name))
            {
                throw new UsageException($"{option.Name} needs --manifest")
                {
                    Hint = "etcdsnap restore SNAPSHOT --manifest /etc/kubernetes/manifests/etcd.yaml " + option.Name,
                };
            }
        }

        return false;
    }

    /// <summary><c>--expect-sha256</c>, checked to be 64 hex digits (also used by the plain restore).</summary>
    public string? ExpectedSha256(ParseResult result)
    {
        var value = result.GetValue(_expectSha256)?.Trim();
        return value is null || (value.Length == 64 && value.All(char.IsAsciiHexDigit))
            ? value?.ToLowerInvariant()
            : throw new UsageException($"--expect-sha256 \"{value}\": want 64 hex digits (a SHA-256, as sha256sum prints it)");
    }

    /// <summary>Runs the manifest restore.</summary>
    /// <param name="console">Where to print.</param>
    /// <param name="result">The parsed command line.</param>
    /// <param name="snapshot">The snapshot as a local file (a backup reference already downloaded and verified).</param>
    /// <param name="cancellationToken">Stops the restore before the switch; nothing is left behind.</param>
    public async Task<int> RunAsync(CliConsole console, ParseResult result, SnapshotSource snapshot, CancellationToken cancellationToken)
    {
        foreach (var name in s_fromManifest.Where(n => Given(result, n)))
        {
            throw new UsageException($"{name} cannot be used with --manifest: the manifest decides it")
            {
                Hint = "drop " + name + ", or restore without --manifest into a data dir of your choice",
            };
        }

        var dataDir = result.GetValue<string?>("--data-dir");
        if (dataDir is not null && !dataDir.StartsWith('/'))
        {
            throw new UsageException($"--data-dir \"{dataDir}\": with --manifest it is a directory on the node and must be absolute");
        }

        var request = new ManifestRestoreRequest
        {
            SnapshotPath = snapshot.Path,
            SnapshotName = snapshot.Backup is null ? null : snapshot.Name,
            ManifestPath = result.GetValue(_manifest)!,
            HostRoot = result.GetValue(_hostRoot) ?? "/",
            DataDir = dataDir,
            InitialCluster = result.GetValue<string?>("--initial-cluster"),
            NoWait = result.GetValue(_noWait),
            Timeout = Durations.Parse(result.GetValue(_timeout)!, "--timeout"),
            DryRun = result.GetValue(_dryRun),
            NoBump = result.GetValue(_noBump),
            RestartControlPlane = result.GetValue(_restartControlPlane),
            ControlPlanePause = Durations.Parse(result.GetValue(_pause)!, "--control-plane-pause"),
            ExpectedSha256 = ExpectedSha256(result),
            TargetVersion = result.GetValue<EtcdTarget?>("--target-version"),
        };
        if (request.NoWait && request.RestartControlPlane)
        {
            throw new UsageException("--restart-control-plane waits for etcd first; it cannot be combined with --no-wait");
        }

        var done = await ManifestRestorer.RestoreAsync(request, PhaseWriter.For(console), cancellationToken);
        OutputPrinter.Print(console, result.GetValue<OutputFormat>("--output"), ManifestRestoreOutput.From(done),
            NodeJsonContext.Default.ManifestRestoreOutput, ManifestRestoreTable.Write);
        return 0;
    }

    private static bool Given(ParseResult result, string name) => result.GetResult(name) is OptionResult { Implicit: false };
}
