using EtcdSnap.Kubernetes.Manifests;

namespace EtcdSnap.Kubernetes.Tests.Manifests;

public sealed class EtcdFlagsTests
{
    private static EtcdFlags Parse(params string[] args) => EtcdFlags.Parse(args, [], "etcd.yaml");

    [Fact]
    public void Parse_EqualsAndSpaceForms_BothRead()
    {
        var flags = Parse("--data-dir=/a", "--name", "m1", "-wal-dir", "/w", "-listen-client-urls=http://127.0.0.1:2379");

        Assert.Equal("/a", flags.Get("data-dir"));
        Assert.Equal("m1", flags.Get("name"));
        Assert.Equal("/w", flags.Get("wal-dir"));
        Assert.Equal("http://127.0.0.1:2379", flags.Get("listen-client-urls"));
        Assert.Equal("--name m1", flags.Find("name")!.Source);
    }

    [Fact]
    public void Parse_RepeatedFlag_LastWins()
    {
        var flags = Parse("--data-dir=/first", "--data-dir", "/second", "--data-dir=/third");

        Assert.Equal("/third", flags.Get("data-dir"));
        Assert.Equal(3, flags.CommandLine.Count);
    }

    [Fact]
    public void Parse_BareBooleanFlag_DoesNotConsumeNextArgument()
    {
        var flags = Parse("--client-cert-auth", "--data-dir", "/d", "--peer-client-cert-auth");

        Assert.True(flags.GetBool("client-cert-auth", false, "etcd.yaml"));
        Assert.True(flags.GetBool("peer-client-cert-auth", false, "etcd.yaml"));
        Assert.Equal("/d", flags.Get("data-dir"));
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("t", true)]
    [InlineData("TRUE", true)]
    [InlineData("True", true)]
    [InlineData("0", false)]
    [InlineData("F", false)]
    [InlineData("false", false)]
    public void GetBool_GoSyntax_Parsed(string value, bool expected)
    {
        Assert.Equal(expected, Parse($"--client-cert-auth={value}").GetBool("client-cert-auth", !expected, "etcd.yaml"));
    }

    [Fact]
    public void Parse_BadBoolean_Throws()
    {
        var e = Assert.Throws<ManifestException>(() => Parse("--client-cert-auth=yes"));

        Assert.Equal("manifest etcd.yaml: etcd would reject \"--client-cert-auth=yes\": invalid boolean value \"yes\"", e.Message);
    }

    [Fact]
    public void Parse_ValuedFlagTakesNextArgumentEvenIfItLooksLikeAFlag_AsGoDoes()
    {
        Assert.Equal("--weird", Parse("--data-dir", "--weird").Get("data-dir"));
    }

    [Fact]
    public void Parse_MissingValueAtEnd_Throws()
    {
        var e = Assert.Throws<ManifestException>(() => Parse("--name=x", "--data-dir"));

        Assert.Equal("manifest etcd.yaml: etcd would reject \"--data-dir\": flag needs an argument", e.Message);
    }

    [Theory]
    [InlineData("---data-dir=/x")]
    [InlineData("--=x")]
    public void Parse_BadSyntax_Throws(string arg)
    {
        var e = Assert.Throws<ManifestException>(() => Parse(arg));

        Assert.Contains("bad flag syntax", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DoubleDashAndPositional_StopParsing()
    {
        var afterDashes = Parse("--name=a", "--", "--data-dir=/x");
        var afterPositional = Parse("--name=a", "oops", "--data-dir=/x");

        Assert.Null(afterDashes.Get("data-dir"));
        Assert.Equal(["--data-dir=/x"], afterDashes.Positional);
        Assert.Null(afterPositional.Get("data-dir"));
        Assert.Equal(["oops", "--data-dir=/x"], afterPositional.Positional);
    }

    [Fact]
    public void Find_EnvironmentVariable_UsedOnlyWhenFlagAbsent()
    {
        EnvVar[] env = [new("ETCD_DATA_DIR", "/from-env"), new("ETCD_NAME", "env-name"), new("ETCD_WAL_DIR", null)];

        var flags = EtcdFlags.Parse(["--name=cli-name"], env, "etcd.yaml");

        Assert.Equal("cli-name", flags.Get("name"));
        Assert.Equal("/from-env", flags.Get("data-dir"));
        Assert.Equal("env ETCD_DATA_DIR", flags.Find("data-dir")!.Source);
        Assert.Null(flags.Get("wal-dir")); // valueFrom: unknown here, so not used
    }
}
