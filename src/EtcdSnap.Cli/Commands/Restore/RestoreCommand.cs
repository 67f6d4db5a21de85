using System.CommandLine;
using EtcdSnap.Cli.Commands.Backup;
using EtcdSnap.Cli.Commands.Shared;
using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Cli.Printing;
using EtcdSnap.Core.Restore;
using EtcdSnap.Formats.Membership;

namespace EtcdSnap.Cli.Commands.Restore;

/// <summary>
/// <c>etcdsnap restore SNAPSHOT --data-dir DIR ...</c>: etcdutl's <c>snapshot restore</c> flags and defaults, written
/// natively, all-or-nothing, with <c>--all-members</c> and a summary.
/// </summary>
internal static class RestoreCommand
{
    private const string Examples = """


        Examples:
          # one member, etcd's defaults (name "default", peer http://localhost:2380), into ./default.etcd
          etcdsnap restore snapshot.db
          # the member node-a of a three-member cluster (run once per member, same snapshot and flags but --name/--initial-advertise-peer-urls)
          etcdsnap restore snapshot.db --name node-a --data-dir /var/lib/etcd-restored --initial-advertise-peer-urls https://10.0.0.1:2380 \
            --initial-cluster node-a=https://10.0.0.1:2380,node-b=https://10.0.0.2:2380,node-c=https://10.0.0.3:2380 --initial-cluster-token prod
          # every member at once into restored/<name>, revisions bumped above anything clients have seen (whole-cluster restore)
          etcdsnap restore snapshot.db --all-members --data-dir restored --initial-cluster a=http://10.0.0.1:2380,b=http://10.0.0.2:2380 \
            --bump-revision 1000000000 --mark-compacted
        """;

    /// <summary>Creates the verb; <paramref name="name"/> lets the same definition serve as <c>snapshot restore</c>.</summary>
    public static Command Create(CliConsole console, string name = "restore")
    {
        var snapshot = new Argument<string>("snapshot") { Description = "Snapshot file (etcdctl snapshot save), or a raw member/snap/db with --skip-hash-check" };
        var dataDir = new Option<string?>("--data-dir") { Description = "Data directory to create; must not exist or be empty (default <name>.etcd)" };
        var walDir = new Option<string?>("--wal-dir") { Description = "Separate WAL directory to create; must not exist (default <data-dir>/member/wal)" };
        var memberName = new Option<string?>("--name") { Description = $"Name of the member to restore (default \"{BootstrapOptions.DefaultName}\")" };
        var initialCluster = new Option<string?>("--initial-cluster")
        {
            Description = "Members of the new cluster, name=peer-url,... (default <name>=<initial-advertise-peer-urls>)",
        };
        var token = new Option<string>("--initial-cluster-token")
        {
            Description = "Cluster token; mixed into member and cluster IDs",
            DefaultValueFactory = _ => BootstrapOptions.DefaultToken,
        };
        var advertise = new Option<string?>("--initial-advertise-peer-urls")
        {
            Description = $"This member's peer URLs, comma-separated; must match --initial-cluster (default {BootstrapOptions.DefaultPeerUrl})",
        };
        var skipHashCheck = new Option<bool>("--skip-hash-check") { Description = "Do not verify the SHA-256 trailer (required for a raw db copied from a data dir)" };
        var bump = new Option<ulong>("--bump-revision") { Description = "Add this to the snapshot's latest revision (with --mark-compacted); see docs/restore.md" };
        var markCompacted = new Option<bool>("--mark-compacted") { Description = "Mark revisions before the bumped one compacted (with --bump-revision)" };
        var allMembers = new Option<bool>("--all-members") { Description = "Restore every member of --initial-cluster into <data-dir>/<name>, reading the snapshot once" };
        var target = new Option<EtcdTarget?>("--target-version")
        {
            Description = "Write for this etcd version: 3.4 (etcdctl 3.4's WAL form), 3.5 or 3.6 (default: etcdutl 3.5/3.6's form, which 3.4 also boots)",
            CustomParser = r => (r.Tokens.Count == 0 ? "" : r.Tokens[0].Value) switch
            {
                "3.4" => EtcdTarget.V34,
                "3.5" => EtcdTarget.V35,
                "3.6" => EtcdTarget.V36,
                var other => Fail(r, other),
            },
        };
        target.CompletionSources.Add("3.4", "3.5", "3.6");
        var output = OutputOption.Create();

        var command = new Command(name, "Restore a snapshot into a new etcd data directory (etcdutl snapshot restore, natively)" + Examples)
        {
            snapshot, dataDir, walDir, memberName, initialCluster, token, advertise, skipHashCheck, bump, markCompacted, allMembers, target, output,
        };
        var manifestMode = Node.ManifestRestoreMode.AddTo(command); // --manifest and its options (Commands/Node)
        var input = new SnapshotInput().AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            await using var source = await input.OpenAsync(result, result.GetValue(snapshot)!, cancellationToken);
            if (manifestMode.IsRequested(result))
            {
                return await manifestMode.RunAsync(console, result, source, cancellationToken);
            }

            var all = result.GetValue(allMembers);
            var options = new RestoreOptions
            {
                SnapshotPath = source.Path,
                DataDir = result.GetValue(dataDir) ?? (all
                    ? throw new UsageException("--all-members needs --data-dir: the directory that receives one data dir per member")
                    : (result.GetValue(memberName) ?? BootstrapOptions.DefaultName) + ".etcd"),
                WalDir = result.GetValue(walDir),
                Name = result.GetValue(memberName) ?? BootstrapOptions.DefaultName,
                InitialAdvertisePeerUrls = result.GetValue(advertise) ?? BootstrapOptions.DefaultPeerUrl,
                InitialCluster = result.GetValue(initialCluster),
                InitialClusterToken = result.GetValue(token) ?? BootstrapOptions.DefaultToken,
                SkipHashCheck = result.GetValue(skipHashCheck),
                BumpRevision = result.GetValue(bump),
                MarkCompacted = result.GetValue(markCompacted),
                AllMembers = all,
                TargetVersion = result.GetValue(target),
                ExpectedSha256 = manifestMode.ExpectedSha256(result),
            };
            CheckAllMembers(options, result.GetValue(memberName), result.GetValue(advertise));
            RestoreResult restored;
            try
            {
                restored = await ProgressDisplay.RunAsync(console, "restoring", sink =>
                    SnapshotRestorer.RestoreAsync(options, new RestoreProgressSink(sink), cancellationToken));
            }
            catch (OperationCanceledException e)
            {
                throw new OperationCanceledException("restore interrupted; nothing was left behind", e, e.CancellationToken);
            }

            // A backup's local copy is temporary: name the backup, not the file.
            OutputPrinter.Print(console, result.GetValue(output), RestoreOutput.From(restored) with { Snapshot = source.Backup is null ? restored.SnapshotPath : source.Name }, RestoreJsonContext.Default.RestoreOutput,
                RestoreTable.Write);
            return 0;
        });
        return command;
    }

    private static void CheckAllMembers(RestoreOptions options, string? name, string? advertise)
    {
        if (!options.AllMembers)
        {
            return;
        }

        if (options.InitialCluster is null)
        {
            throw new UsageException("--all-members needs --initial-cluster: the members to restore");
        }

        if (name is not null || advertise is not null)
        {
            throw new UsageException("--all-members restores every member of --initial-cluster; drop --name and --initial-advertise-peer-urls");
        }
    }

    private static EtcdTarget? Fail(System.CommandLine.Parsing.ArgumentResult result, string value)
    {
        result.AddError($"--target-version: unknown version \"{value}\" (use 3.4, 3.5 or 3.6)");
        return null;
    }

    /// <summary>Turns restore steps into the progress bar's label and byte counts.</summary>
    private sealed class RestoreProgressSink(ProgressSink sink) : IProgress<RestoreProgress>
    {
        private readonly Lock _lock = new();
        private RestoreStep? _step;
        private string? _member;

        public void Report(RestoreProgress value)
        {
            lock (_lock)
            {
                if (value.Step != _step || value.Member != _member)
                {
                    _step = value.Step;
                    _member = value.Member;
                    sink.Describe(Describe(value));
                }

                if (value.Total > 0)
                {
                    sink.SetTotal(value.Total);
                    sink.Report(value.Done);
                }
            }
        }

        private static string Describe(RestoreProgress p) => p.Step switch
        {
            RestoreStep.ResolveCluster => "checking cluster flags",
            RestoreStep.PrepareTargets => "preparing target directories",
            RestoreStep.CheckSnapshot => "checking the snapshot's structure",
            RestoreStep.WriteDb => "writing db (copy + sha256)",
            RestoreStep.VerifyHash => "verifying sha256",
            RestoreStep.CopyDb => $"copying db for {p.Member}",
            RestoreStep.WriteWalAndSnap => $"writing WAL and snap for {p.Member}",
            RestoreStep.Commit => "moving into place",
            _ => p.Step.ToString(),
        };
    }
}
