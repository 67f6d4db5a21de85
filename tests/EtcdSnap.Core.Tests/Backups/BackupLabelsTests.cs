using EtcdSnap.Core.Backups;

namespace EtcdSnap.Core.Tests.Backups;

public sealed class BackupLabelsTests
{
    [Fact]
    public void Parse_Pairs_SortedByKeyValueMayHoldEquals()
    {
        var labels = BackupLabels.Parse(["zone=eu-west-1", "cluster=prod", "note=a=b"]);

        Assert.Equal(["cluster", "note", "zone"], labels.Keys);
        Assert.Equal("a=b", labels["note"]);
    }

    [Theory]
    [InlineData("novalue", "expected KEY=VALUE")]
    [InlineData("=v", "expected KEY=VALUE")]
    [InlineData("bad key=v", "may hold only")]
    [InlineData("etcdsnap.io/tick=x", "set by etcdsnap")]
    public void Parse_Malformed_FormatExceptionNamingIt(string pair, string expected)
    {
        var e = Assert.Throws<FormatException>(() => BackupLabels.Parse([pair]));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Parse_RepeatedKey_Refused()
    {
        var e = Assert.Throws<FormatException>(() => BackupLabels.Parse(["a=1", "a=2"]));

        Assert.Contains("given twice", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MultiLineValue_Refused() =>
        Assert.Throws<FormatException>(() => BackupLabels.Parse(["a=1\n2"]));
}
