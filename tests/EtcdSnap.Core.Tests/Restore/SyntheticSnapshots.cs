using System.Security.Cryptography;
using System.Text;
using EtcdSnap.Formats.Bbolt;
using EtcdSnap.Formats.Mvcc;
using EtcdSnap.Formats.Snapshot;

namespace EtcdSnap.Core.Tests.Restore;

/// <summary>
/// Snapshots derived from a real one, for what etcd 3.4 cannot produce here: meta keys of newer versions (a 3.6
/// <c>storageVersion</c>). The db is rewritten with bbolt edits and gets a fresh, valid SHA-256 trailer.
/// </summary>
internal static class SyntheticSnapshots
{
    public static string WithMeta(string snapshot, string target, params (string Key, byte[] Value)[] entries)
    {
        var plan = new BboltEditPlan();
        foreach (var (key, value) in entries)
        {
            plan.Put(BucketNames.Meta, Encoding.ASCII.GetBytes(key), value);
        }

        var db = target + ".db";
        BboltRewriter.Rewrite(snapshot, SnapshotTrailer.DbLength(new FileInfo(snapshot).Length), db, plan, hashSource: false);
        var bytes = File.ReadAllBytes(db);
        File.Delete(db);
        File.WriteAllBytes(target, [.. bytes, .. SHA256.HashData(bytes)]);
        return target;
    }
}
