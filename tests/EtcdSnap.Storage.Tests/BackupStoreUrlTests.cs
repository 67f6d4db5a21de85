namespace EtcdSnap.Storage.Tests;

public sealed class BackupStoreUrlTests
{
    [Theory]
    [InlineData("file:///var/backups/etcd", "/var/backups/etcd")]
    [InlineData("file://localhost/var/backups/etcd/", "/var/backups/etcd")]
    [InlineData("/var/backups/etcd", "/var/backups/etcd")]
    [InlineData("/var/backups/../backups/etcd/", "/var/backups/etcd")]
    [InlineData("file:///tmp/with%20space", "/tmp/with space")]
    public void Parse_LocalForms_GiveAbsoluteDirectory(string text, string directory)
    {
        var url = BackupStoreUrl.Parse(text);

        Assert.Equal(BackupStoreKind.Local, url.Kind);
        Assert.Equal(directory, url.Container);
        Assert.Equal("", url.Prefix);
        Assert.Equal("file://" + directory, url.ToString());
    }

    [Fact]
    public void Parse_RelativePath_ResolvesAgainstCurrentDirectory()
    {
        var url = BackupStoreUrl.Parse("backups");

        Assert.Equal(Path.Combine(Environment.CurrentDirectory, "backups"), url.Container);
    }

    [Fact]
    public void Parse_S3WithParameters_KeepsEverything()
    {
        var url = BackupStoreUrl.Parse("s3://my-bucket/clusters/prod/?endpoint=http://127.0.0.1:9000&region=eu-west-1&path-style=false");

        Assert.Equal(BackupStoreKind.S3, url.Kind);
        Assert.Equal("my-bucket", url.Container);
        Assert.Equal("clusters/prod", url.Prefix);
        Assert.Equal(new Uri("http://127.0.0.1:9000"), url.Endpoint);
        Assert.Equal("eu-west-1", url.Region);
        Assert.False(url.PathStyle);
        Assert.Equal("s3://my-bucket/clusters/prod?endpoint=http://127.0.0.1:9000&region=eu-west-1&path-style=false", url.ToString());
    }

    [Fact]
    public void Parse_AzureWithoutPrefix_HasEmptyPrefix()
    {
        var url = BackupStoreUrl.Parse("azblob://etcd-backups");

        Assert.Equal(BackupStoreKind.AzureBlob, url.Kind);
        Assert.Equal("etcd-backups", url.Container);
        Assert.Equal("", url.Prefix);
        Assert.Null(url.Endpoint);
        Assert.Equal("azblob://etcd-backups", url.ToString());
    }

    [Theory]
    [InlineData("", "empty repository URL")]
    [InlineData("ftp://host/dir", "unknown scheme \"ftp\"")]
    [InlineData("file://server/share", "names host \"server\"")]
    [InlineData("file://", "has no directory")]
    [InlineData("s3://", "bucket \"\": must be 3 to 63 characters long")]
    [InlineData("s3://My_Bucket/x", "character 'M' is not allowed")]
    [InlineData("s3://-bucket", "must start and end with a letter or digit")]
    [InlineData("s3://bucket/a/../b", "prefix \"a/../b\": segment \"..\" starts with '.'")]
    [InlineData("s3://bucket/a//b", "empty path segment")]
    [InlineData("s3://bucket?endpoint=localhost:9000", "endpoint \"localhost:9000\" is not an http:// or https:// URL")]
    [InlineData("s3://bucket?path-style=maybe", "path-style=\"maybe\" is not true or false")]
    [InlineData("s3://bucket?color=red", "unknown parameter \"color\" (known: endpoint, region, path-style)")]
    [InlineData("azblob://container?region=x", "unknown parameter \"region\" (known: endpoint)")]
    [InlineData("azblob://con--tainer", "must not contain \"--\"")]
    [InlineData("azblob://con.tainer", "character '.' is not allowed")]
    public void Parse_Invalid_ThrowsOneLineError(string text, string fragment)
    {
        var e = Assert.Throws<StoreUrlFormatException>(() => BackupStoreUrl.Parse(text));

        Assert.Contains(fragment, e.Message, StringComparison.Ordinal);
        Assert.StartsWith($"repository \"{text}\": ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }
}
