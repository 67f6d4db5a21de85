using System.Security.Cryptography;
using EtcdSnap.Core.Inspection;
using EtcdSnap.Testing;

namespace EtcdSnap.Core.Tests.Inspection;

/// <summary>Inspection never changes the file it reads (bbolt's requireDBNoChange; etcd PR #8815 is what a read-write
/// open does to a snapshot's trailer).</summary>
public sealed class ReadOnlyTests
{
    [Fact]
    public void ListGetCompare_LeaveBytesAndTimestampsAlone_AndWorkOnAReadOnlyFile()
    {
        using var temp = new TempDirectory("inspect-ro");
        var before = InspectionFixtures.CopyTo(InspectionFixtures.DemoBefore, temp.Path);
        var after = InspectionFixtures.CopyTo(InspectionFixtures.DemoAfter, temp.Path);
        foreach (var f in new[] { before, after })
        {
            File.SetUnixFileMode(f, UnixFileMode.UserRead | UnixFileMode.GroupRead); // 0440: any write attempt fails
            File.SetLastWriteTimeUtc(f, new DateTime(2024, 2, 5, 8, 0, 0, DateTimeKind.Utc));
        }

        var hashes = new[] { Hash(before), Hash(after) };
        var options = new InspectionOptions { VerifyTrailer = true };

        SnapshotInspector.List(before, ObjectFilter.All, options);
        SnapshotInspector.Get(after, new ObjectQuery("deploy", "red"), options);
        SnapshotInspector.Compare(before, after, ObjectFilter.All, options, includeOtherKeys: true);

        Assert.Equal(hashes, new[] { Hash(before), Hash(after) });
        Assert.All(new[] { before, after }, f =>
            Assert.Equal(new DateTime(2024, 2, 5, 8, 0, 0, DateTimeKind.Utc), File.GetLastWriteTimeUtc(f)));
    }

    private static string Hash(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));
}
