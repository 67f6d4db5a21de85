using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Core;
using EtcdSnap.Etcd;
using EtcdSnap.Formats;
using EtcdSnap.Kubernetes;
using EtcdSnap.Storage;

namespace EtcdSnap.Cli.Tests;

public sealed class ErrorReporterTests
{
    public static TheoryData<Exception, int> Cases => new()
    {
        { new UsageException("bad"), 2 },
        { new CorruptDataException("f.db", 4096, "checksum mismatch"), 3 },
        { new ManifestException("etcd.yaml", "not an etcd static pod"), 3 },
        { new EtcdUnavailableException("127.0.0.1:2379: connection refused"), 4 },
        { new StorageUnavailableException("s3://b: access denied"), 4 },
        { new OperationRefusedException("data dir exists"), 5 },
        { new RestoreNotHealthyException("etcd did not come back"), 6 },
        { new OperationCanceledException(), 130 },
        { new IOException("No space left on device"), 1 },
        { new InvalidOperationException("boom"), 1 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Report_MapsExceptionToDocumentedExitCode(Exception exception, int expected)
    {
        using var err = new StringWriter();

        var code = new ErrorReporter(err).Report(exception, verbose: false);

        Assert.Equal(expected, (int)code);
        Assert.StartsWith("error: ", err.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", err.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Report_HintIsPrintedOnSecondLine()
    {
        using var err = new StringWriter();

        new ErrorReporter(err).Report(new OperationRefusedException("data dir \"/x\" is not empty") { Hint = "pick another" }, false);

        Assert.Equal("error: data dir \"/x\" is not empty\nhint: pick another\n", err.ToString());
    }

    [Fact]
    public void Report_Bug_SaysSoAndPointsToVerbose()
    {
        using var err = new StringWriter();

        new ErrorReporter(err).Report(new KeyNotFoundException("oops"), false);

        var lines = err.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Equal("error: unexpected KeyNotFoundException: oops", lines[0]);
        Assert.Contains("--verbose", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Report_Verbose_IncludesStackTrace()
    {
        using var err = new StringWriter();
        Exception thrown;
        try
        {
            throw new InvalidOperationException("boom");
        }
        catch (InvalidOperationException e)
        {
            thrown = e;
        }

        new ErrorReporter(err).Report(thrown, verbose: true);

        Assert.Contains("   at ", err.ToString(), StringComparison.Ordinal);
    }
}
