using EtcdSnap.Core.ManifestRestore;
using EtcdSnap.Testing;

namespace EtcdSnap.Core.Tests.Node;

public sealed class ManifestFilesTests : IDisposable
{
    private static readonly DateTimeOffset s_time = new(2024, 2, 5, 8, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _temp = new("manifest-files");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void SiblingFolder_IsBesideTheManifestsFolder_NeverInside_CountsUpWithinOneSecond()
    {
        var manifest = _temp.Combine("etc", "kubernetes", "manifests", "etcd.yaml");
        Directory.CreateDirectory(Path.GetDirectoryName(manifest)!);

        var first = ManifestFiles.SiblingFolder(manifest, ManifestFiles.BackupPrefix, s_time);
        ManifestFiles.CreateFolder(first);
        var second = ManifestFiles.SiblingFolder(manifest, ManifestFiles.BackupPrefix, s_time);

        Assert.Equal(_temp.Combine("etc", "kubernetes", "etcdsnap-backup-manifests-20240205T080000Z"), first);
        Assert.Equal(first + "-2", second);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(first));
        Assert.Empty(Directory.GetFileSystemEntries(Path.GetDirectoryName(manifest)!));
    }

    [Theory]
    [InlineData("/var/lib/etcd", "/var/lib/etcd-restored-20240205T080000Z")]
    [InlineData("/var/lib/etcd-restored-20231231T235959Z", "/var/lib/etcd-restored-20240205T080000Z")]
    [InlineData("/var/lib/etcd-restored-by-hand", "/var/lib/etcd-restored-by-hand-restored-20240205T080000Z")]
    [InlineData("/var/lib/etcd-restored-20231231T235959Z-3", "/var/lib/etcd-restored-20240205T080000Z")]
    [InlineData("/var/lib/etcd-restored-20240205T080000Z", "/var/lib/etcd-restored-20240205T080000Z-2")]
    public void RestoredSibling_KeepsTheBaseNameOfAnEarlierRestore(string current, string expected) =>
        Assert.Equal(expected, ManifestFiles.RestoredSibling(current, s_time));

    [Fact]
    public void RestoredSibling_TakenNames_CountUp() =>
        Assert.Equal("/var/lib/etcd-restored-20240205T080000Z-3", ManifestFiles.RestoredSibling("/var/lib/etcd", s_time,
            c => c is "/var/lib/etcd-restored-20240205T080000Z" or "/var/lib/etcd-restored-20240205T080000Z-2"));

    [Fact]
    public void Replace_SwapsTheTextKeepingTheMode_NoTemporaryLeft()
    {
        var manifest = _temp.Combine("etcd.yaml");
        File.WriteAllText(manifest, "old\n");
        File.SetUnixFileMode(manifest, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        ManifestFiles.Replace(manifest, "new\n", "old\n"u8.ToArray());

        Assert.Equal("new\n", File.ReadAllText(manifest));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(manifest));
        Assert.Equal(["etcd.yaml"], Directory.GetFileSystemEntries(_temp.Path).Select(p => Path.GetFileName(p)).ToArray());
    }

    [Fact]
    public void Replace_ManifestChangedSinceRead_RefusesAndLeavesIt()
    {
        var manifest = _temp.Combine("etcd.yaml");
        File.WriteAllText(manifest, "edited by someone else\n");

        var e = Assert.Throws<OperationRefusedException>(() => ManifestFiles.Replace(manifest, "new\n", "old\n"u8.ToArray()));

        Assert.Contains("changed while etcdsnap was working", e.Message, StringComparison.Ordinal);
        Assert.Equal("edited by someone else\n", File.ReadAllText(manifest));
        Assert.Single(Directory.GetFileSystemEntries(_temp.Path));
    }

    [Fact]
    public void RollbackSortKey_OrdersSameSecondFoldersByCounter()
    {
        string[] names =
        [
            "etcdsnap-backup-manifests-20240205T080000Z-10",
            "etcdsnap-backup-manifests-20240205T080001Z",
            "etcdsnap-backup-manifests-20240205T080000Z",
            "etcdsnap-backup-manifests-20240205T080000Z-2",
        ];

        var sorted = names.OrderBy(ManifestRollback.SortKey, StringComparer.Ordinal).ToArray();

        Assert.Equal([names[2], names[3], names[0], names[1]], sorted);
    }
}
