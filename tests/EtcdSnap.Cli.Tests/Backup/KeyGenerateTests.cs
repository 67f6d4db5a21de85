using EtcdSnap.Storage.Encryption;
using EtcdSnap.Testing;

namespace EtcdSnap.Cli.Tests.Backup;

public sealed class KeyGenerateTests : IDisposable
{
    private readonly TempDirectory _dir = new("etcdsnap-key");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Generate_NewFile_Mode0600AndLoadableWithThePrintedId()
    {
        var file = _dir.Combine("backup.key");

        var r = await CliRunner.RunAsync("key", "generate", "--output", file);

        Assert.Equal(0, r.ExitCode);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var key = EncryptionKey.LoadFile(file);
        Assert.Contains($"wrote key {key.Id} to {file}", r.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(key.ToBase64(), r.Stdout + r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_ExplicitId_RecordedInTheFile()
    {
        var file = _dir.Combine("k");

        var r = await CliRunner.RunAsync("key", "generate", "--output", file, "--id", "prod-2026");

        Assert.Equal(0, r.ExitCode);
        Assert.Contains("# key id: prod-2026", await File.ReadAllTextAsync(file), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_ExistingFile_RefusedAndUntouched()
    {
        var file = _dir.Combine("existing.key");
        await File.WriteAllTextAsync(file, "precious");

        var r = await CliRunner.RunAsync("key", "generate", "--output", file);

        Assert.Equal(5, r.ExitCode);
        Assert.Contains("already exists", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("precious", await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task Generate_BadIdOrNoOutput_Usage()
    {
        Assert.Equal(2, (await CliRunner.RunAsync("key", "generate", "--output", _dir.Combine("x"), "--id", "no spaces")).ExitCode);
        Assert.Equal(2, (await CliRunner.RunAsync("key", "generate")).ExitCode);
        Assert.False(File.Exists(_dir.Combine("x")));
    }
}
