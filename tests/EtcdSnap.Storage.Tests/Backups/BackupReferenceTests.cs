using EtcdSnap.Storage.Backups;

namespace EtcdSnap.Storage.Tests.Backups;

public sealed class BackupReferenceTests
{
    [Theory]
    [InlineData("s3://bucket/etcd#20261127T142300Z-1a2b3c", "s3://bucket/etcd", "20261127T142300Z-1a2b3c")]
    [InlineData("file:///var/backups/etcd#latest", "file:///var/backups/etcd", "latest")]
    [InlineData("/var/backups/etcd#latest", "file:///var/backups/etcd", "latest")]
    [InlineData("azblob://backups/x?endpoint=http://127.0.0.1:10000/devstoreaccount1#latest",
        "azblob://backups/x?endpoint=http://127.0.0.1:10000/devstoreaccount1", "latest")]
    public void Parse_UrlAndId(string text, string repository, string id)
    {
        var reference = BackupReference.Parse(text);

        Assert.Equal(repository, reference.Repository.ToString());
        Assert.Equal(id, reference.Id);
        Assert.Equal(id == "latest", reference.IsLatest);
    }

    [Fact]
    public void Parse_BareIdWithDefaultRepository_UsesIt()
    {
        var reference = BackupReference.Parse("latest", BackupStoreUrl.DefaultLocal);

        Assert.Equal("file:///var/backups/etcd#latest", reference.ToString());
    }

    [Theory]
    [InlineData("s3://bucket/etcd", "expected REPO_URL#ID or REPO_URL#latest")]
    [InlineData("s3://bucket/etcd#", "nothing after '#'")]
    [InlineData("s3://bucket/etcd#../x", "\"../x\" is not a backup id")]
    [InlineData("s3://BAD#latest", "bucket \"BAD\"")]
    public void Parse_Malformed_OneLineError(string text, string fragment)
    {
        var e = Assert.Throws<StoreUrlFormatException>(() => BackupReference.Parse(text));

        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
    }
}
