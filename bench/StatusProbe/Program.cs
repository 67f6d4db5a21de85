using System.Buffers.Binary;
using System.Diagnostics;
using EtcdSnap.Formats;
using EtcdSnap.Formats.Bbolt;
using EtcdSnap.Formats.Mvcc;
using EtcdSnap.Formats.Snapshot;

// StatusProbe FILE [--v36]          prints what `etcdctl snapshot status -w json` prints, or the findings (exit 3)
// StatusProbe rewrite [--no-hash] SOURCE TARGET  restore-style db rewrite (members, meta, bump placeholder) with timing on stderr
try
{
    return args switch
    {
        ["rewrite", var source, var target] when !OperatingSystem.IsWindows() => Rewrite(source, target, hash: true),
        ["rewrite", "--no-hash", var source, var target] when !OperatingSystem.IsWindows() => Rewrite(source, target, hash: false),
        [var file] => Status(file, StatusSemantics.Etcd34),
        [var file, "--v36"] => Status(file, StatusSemantics.Etcd36),
        _ => Usage(),
    };
}
catch (CorruptDataException e)
{
    Console.Error.WriteLine(e.Message);
    return 3;
}

static int Usage()
{
    Console.Error.WriteLine("usage: StatusProbe FILE [--v36] | StatusProbe rewrite SOURCE TARGET");
    return 2;
}

static int Status(string path, StatusSemantics semantics)
{
    var status = SnapshotStatusCalculator.Compute(path, semantics);
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

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
static int Rewrite(string source, string target, bool hash)
{
    var watch = Stopwatch.StartNew();
    var length = SnapshotTrailer.DbLength(new FileInfo(source).Length);
    Revision latest;
    using (var db = BboltFile.Open(source))
    {
        if (!Revision.TryParseKey(db.GetLastKey(BucketNames.Key), out latest, out _))
        {
            latest = default;
        }
    }

    var bumped = new Revision(latest.Main + 1_000_000_000, 0);
    var plan = new BboltEditPlan()
        .ReplaceBucket(BucketNames.Members, [new("8e9e05c52164694d"u8.ToArray(),
            "{\"id\":10276657743932975437,\"peerURLs\":[\"http://localhost:2380\"],\"name\":\"default\"}"u8.ToArray())])
        .ReplaceBucket(BucketNames.MembersRemoved, [])
        .Put(BucketNames.Meta, MetaKeys.ConsistentIndex, U64(1))
        .Put(BucketNames.Meta, MetaKeys.Term, U64(1))
        .Delete(BucketNames.Meta, MetaKeys.StorageVersion)
        .Put(BucketNames.Meta, MetaKeys.ScheduledCompactRevision, bumped.ToKey())
        .Put(BucketNames.Key, bumped.ToKey(), []);
    var result = BboltRewriter.Rewrite(source, length, target, plan, hashSource: hash);
    if (hash && SnapshotTrailer.HasTrailer(new FileInfo(source).Length)
        && !SnapshotTrailer.ReadDigest(source).AsSpan().SequenceEqual(result.SourceSha256))
    {
        Console.Error.WriteLine("sha256 mismatch");
        return 3;
    }

    Console.Error.WriteLine($"rewrite: {result.TargetLength} bytes, {result.PagesWritten} new pages, {watch.Elapsed.TotalSeconds:F2} s");
    return 0;
}

static byte[] U64(ulong value)
{
    var bytes = new byte[8];
    BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
    return bytes;
}
