using EtcdSnap.Cli.Printing;

namespace EtcdSnap.Cli.Commands.Node;

/// <summary>The human form of a manifest restore (or its plan).</summary>
internal static class ManifestRestoreTable
{
    public static void Write(TextWriter w, ManifestRestoreOutput o)
    {
        w.WriteLine(o.Applied ? "Restored through the manifest." : "Plan (dry run: nothing was changed).");
        new DetailsWriter()
            .Add("Snapshot", o.Snapshot + (o.SnapshotRevision is { } rev ? $" (revision {rev})" : ""))
            .Add("SHA256", o.Sha256)
            .Add("Manifest", o.Manifest)
            .Add("Member", $"{o.Member} of cluster {o.ClusterId} (token {o.Token})")
            .Add("Initial cluster", o.InitialCluster)
            .Add("Data dir", $"{o.CurrentDataDir} (kept) -> {o.NewDataDir}")
            .Add("WAL dir", o.NewWalDir is null ? null : $"{o.CurrentWalDir ?? "(in the data dir)"} -> {o.NewWalDir}")
            .Add("Revision bump", o.Bump == 0 ? "none (--no-bump)" : $"+{o.Bump}, older revisions marked compacted")
            .Add("Manifest backup", o.BackupManifest ?? o.BackupFolder + "/" + Path.GetFileName(o.Manifest))
            .Add("etcd", o.Health is { } h ? $"{h.Endpoint}: revision {h.Revision}, leader {h.Leader ?? "none yet"}, back after {h.WaitedSeconds:0.0}s" : null)
            .Add("Restarted", o.ControlPlaneRestarted.Count == 0 ? null : string.Join(", ", o.ControlPlaneRestarted))
            .Add("Duration", Humanize.Seconds(o.DurationSeconds))
            .WriteTo(w);
        w.WriteLine();
        var members = new TableWriter("NAME", "ID", "PEER URLS", "");
        foreach (var m in o.Members)
        {
            members.Row(m.Name, m.Id, string.Join(",", m.PeerUrls), m.Local ? "(this node)" : "");
        }

        members.WriteTo(w);
        if (!o.Applied)
        {
            w.WriteLine();
            w.Write(o.Diff);
        }

        if (o.NextSteps.Count > 0)
        {
            w.WriteLine();
            w.WriteLine("Next steps:");
            for (var i = 0; i < o.NextSteps.Count; i++)
            {
                w.WriteLine($"  {i + 1}. {o.NextSteps[i]}");
            }
        }
    }
}
