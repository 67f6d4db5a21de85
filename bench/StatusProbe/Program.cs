using EtcdSnap.Formats;
using EtcdSnap.Formats.Snapshot;

// status-probe FILE [--v36]: prints what `etcdctl snapshot status -w json` prints, or the findings (exit 3).
if (args.Length is < 1 or > 2)
{
    Console.Error.WriteLine("usage: StatusProbe FILE [--v36]");
    return 2;
}

try
{
    var semantics = args.Length == 2 && args[1] == "--v36" ? StatusSemantics.Etcd36 : StatusSemantics.Etcd34;
    var status = SnapshotStatusCalculator.Compute(args[0], semantics);
    if (!status.IsConsistent)
    {
        foreach (var finding in status.Findings)
        {
            Console.Error.WriteLine(finding.Message);
        }

        Console.Error.WriteLine($"snapshot file integrity check failed. {status.Findings.Count} errors found.");
        return 3;
    }

    Console.WriteLine($"{{\"hash\":{status.Hash},\"revision\":{status.Revision},\"totalKey\":{status.TotalKey},\"totalSize\":{status.TotalSize}}}");
    return 0;
}
catch (CorruptDataException e)
{
    Console.Error.WriteLine(e.Message);
    return 3;
}
