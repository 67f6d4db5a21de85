using System.Diagnostics;
using EtcdSnap.Core.Node;
using EtcdSnap.Etcd;
using EtcdSnap.Testing;
using Xunit.Abstractions;

namespace EtcdSnap.IntegrationTests.Etcd;

/// <summary>
/// Each way a save can fail: it must fail (never hang), say what is wrong in one line that names the endpoint or path,
/// and leave neither the target nor <c>FILE.part</c> behind.
/// </summary>
[Collection(EtcdSerial.Name)]
public sealed class SnapshotFaultTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Target => _temp.Combine("out", "snap.db");

    [Fact]
    public async Task Save_WrongCa_SaysTheServerCertificateIsNotTrusted()
    {
        var pki = TestPki.Create(_temp.Combine("pki"));
        var other = TestPki.Create(_temp.Combine("other"), "other");
        await using var etcd = await EtcdProcess.StartAsync(new EtcdProcessOptions { Tls = pki.EtcdFiles });

        var e = await FailsCleanlyAsync<EtcdUnavailableException>(EtcdTestClient.Options(etcd) with { CaCertPath = other.CaCert });

        output.WriteLine(e.Message);

        Assert.Equal($"{etcd.ClientUrl}: server certificate is not trusted by --cacert {other.CaCert} (PartialChain)", e.Message);
        Assert.False(e.IsTransient);
        Assert.Contains("--cacert", e.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Save_NoClientCertificate_SaysOneIsRequired()
    {
        var pki = TestPki.Create(_temp.Combine("pki"));
        await using var etcd = await EtcdProcess.StartAsync(new EtcdProcessOptions { Tls = pki.EtcdFiles });

        var e = await FailsCleanlyAsync<EtcdUnavailableException>(new EtcdConnectionOptions { Endpoints = [etcd.ClientUrl], CaCertPath = pki.CaCert });

        output.WriteLine(e.Message);

        Assert.Equal($"{etcd.ClientUrl}: the server requires a client certificate (pass --cert and --key)", e.Message);
        Assert.False(e.IsTransient);
        Assert.Contains("tls: client didn't provide a certificate", etcd.Log, StringComparison.Ordinal); // etcd's own view agrees
    }

    [Fact]
    public async Task Save_ClientCertificateFromForeignCa_SaysTheServerRejectedIt()
    {
        var pki = TestPki.Create(_temp.Combine("pki"));
        var other = TestPki.Create(_temp.Combine("other"), "other");
        await using var etcd = await EtcdProcess.StartAsync(new EtcdProcessOptions { Tls = pki.EtcdFiles });

        var e = await FailsCleanlyAsync<EtcdUnavailableException>(EtcdTestClient.Options(etcd) with
        {
            ClientCertPath = other.HealthcheckClientCert,
            ClientKeyPath = other.HealthcheckClientKey,
        });

        output.WriteLine(e.Message);

        Assert.StartsWith(
            $"{etcd.ClientUrl}: the server rejected the client certificate (check --cert/--key; etcd requires a certificate signed by its CA)",
            e.Message, StringComparison.Ordinal);
        Assert.Contains($"--cert \"{other.HealthcheckClientCert}\" is not signed by --cacert \"{pki.CaCert}\"", e.Message, StringComparison.Ordinal);
        Assert.False(e.IsTransient);
        Assert.Contains("certificate signed by unknown authority", etcd.Log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Save_TlsClientToPlaintextServer_SaysTheServerSpeaksPlaintext()
    {
        var pki = TestPki.Create(_temp.Combine("pki"));
        await using var etcd = await EtcdProcess.StartAsync();
        var endpoint = $"https://127.0.0.1:{etcd.ClientPort}";

        var e = await FailsCleanlyAsync<EtcdUnavailableException>(new EtcdConnectionOptions
        {
            Endpoints = [endpoint],
            CaCertPath = pki.CaCert,
            ClientCertPath = pki.HealthcheckClientCert,
            ClientKeyPath = pki.HealthcheckClientKey,
        });

        output.WriteLine(e.Message);

        Assert.Equal($"{endpoint}: TLS handshake failed: server speaks plaintext", e.Message);
        Assert.Contains($"http://127.0.0.1:{etcd.ClientPort}", e.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Save_PlaintextClientToTlsServer_SaysTheServerSpeaksTls()
    {
        var pki = TestPki.Create(_temp.Combine("pki"));
        await using var etcd = await EtcdProcess.StartAsync(new EtcdProcessOptions { Tls = pki.EtcdFiles });
        var endpoint = $"http://127.0.0.1:{etcd.ClientPort}";

        var e = await FailsCleanlyAsync<EtcdUnavailableException>(new EtcdConnectionOptions { Endpoints = [endpoint] });

        output.WriteLine(e.Message);

        Assert.Equal($"{endpoint}: the server speaks TLS but the endpoint is plaintext (http://)", e.Message);
    }

    [Fact]
    public async Task Save_NothingListening_SaysConnectionRefused()
    {
        var endpoint = $"127.0.0.1:{LoopbackPorts.Next()}";

        var e = await FailsCleanlyAsync<EtcdUnavailableException>(new EtcdConnectionOptions { Endpoints = [endpoint] });

        output.WriteLine(e.Message);

        Assert.Equal($"{endpoint}: connection refused", e.Message);
        Assert.True(e.IsTransient);
    }

    [Theory]
    [InlineData("http")]
    [InlineData("https")]
    public async Task Save_SilentServer_GivesUpAfterTheDialTimeout(string scheme)
    {
        await using var silent = SilentTcpServer.Start();
        var endpoint = $"{scheme}://{silent.HostPort}";
        var clock = Stopwatch.StartNew();

        var e = await FailsCleanlyAsync<EtcdUnavailableException>(new EtcdConnectionOptions
        {
            Endpoints = [endpoint],
            DialTimeout = TimeSpan.FromSeconds(1),
        });

        output.WriteLine(e.Message);

        Assert.Equal($"{endpoint}: no answer within 1s (dial timeout)", e.Message);
        Assert.True(e.IsTransient);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        Assert.Equal(1, silent.Accepted);
    }

    [Fact]
    public async Task Status_HungServer_DeadlineExceededAfterTheCommandTimeout()
    {
        await using var etcd = await EtcdProcess.StartAsync();
        using var factory = EtcdTestClient.Factory(etcd, commandTimeout: TimeSpan.FromSeconds(1));
        using var client = factory.CreateMemberClient();
        await client.StatusAsync(); // the connection is up
        await ProcessRunner.RunAsync("kill", ["-STOP", etcd.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        try
        {
            var clock = Stopwatch.StartNew();
            var e = await Assert.ThrowsAsync<EtcdUnavailableException>(() => client.StatusAsync());
            output.WriteLine(e.Message);

            Assert.Equal($"{etcd.ClientUrl}: status: deadline exceeded after 1s (command timeout)", e.Message);
            Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        }
        finally
        {
            await ProcessRunner.RunAsync("kill", ["-CONT", etcd.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        }
    }

    [Fact]
    public async Task Save_EtcdKilledMidStream_SaysTheStreamBrokeAndHowFarItGot()
    {
        await using var etcd = await EtcdProcess.StartAsync();
        using var factory = EtcdTestClient.Factory(etcd);
        using var client = factory.CreateMemberClient();
        await EtcdTestClient.LoadAsync(client, "big/", 640, 100_000); // ~64 MB: far more than is in flight at the first message
        var killed = false;
        var progress = new InlineProgress<SnapshotProgress>(p =>
        {
            if (!killed && p.BytesReceived > 0)
            {
                killed = true;
                etcd.Kill(); // SIGKILL, while the stream is running
            }
        });
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<EtcdUnavailableException>(() => SnapshotDownloader.DownloadAsync(client, Target, progress));

        output.WriteLine(e.Message);

        Assert.True(killed);
        Assert.Matches($"^{Regex(etcd.ClientUrl)}: snapshot stream broke after [0-9.]+ [KM]iB of [0-9.]+ MiB: ", e.Message);
        Assert.True(e.IsTransient);
        AssertNothingLeft(clock, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Save_CanceledMidStream_ThrowsCanceledAndRemovesThePart()
    {
        await using var etcd = await EtcdProcess.StartAsync();
        using var factory = EtcdTestClient.Factory(etcd);
        using var client = factory.CreateMemberClient();
        await EtcdTestClient.LoadAsync(client, "big/", 320, 100_000);
        using var cts = new CancellationTokenSource();
        var partSeen = false;
        var progress = new InlineProgress<SnapshotProgress>(p =>
        {
            partSeen |= File.Exists(Target + ".part");
            cts.Cancel(); // Ctrl-C while the stream is running
        });
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            SnapshotDownloader.DownloadAsync(client, Target, progress, cancellationToken: cts.Token));

        Assert.True(partSeen, "the part file existed while streaming");
        AssertNothingLeft(clock, TimeSpan.FromSeconds(10));
        Assert.NotNull(await client.StatusAsync()); // the member and the client are fine afterwards
    }

    [Fact]
    public async Task Save_StreamStalls_WatchdogFailsItAfterTheStallLimit()
    {
        await using var etcd = await EtcdProcess.StartAsync();
        using (var loader = EtcdTestClient.Factory(etcd))
        using (var client = loader.CreateMemberClient())
        {
            await EtcdTestClient.LoadAsync(client, "k/", 40, 100_000);
        }

        await using var proxy = TcpProxy.Start(etcd.ClientPort, new TcpProxyOptions { StallAfterBytesToClient = 1024 * 1024 });
        using var factory = EtcdClientFactory.Create(new EtcdConnectionOptions { Endpoints = [proxy.HostPort] });
        using var member = factory.CreateMemberClient();
        var clock = Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<EtcdUnavailableException>(() => SnapshotDownloader.DownloadAsync(member, Target,
            options: new SnapshotDownloadOptions { StallTimeout = TimeSpan.FromSeconds(1) }));

        output.WriteLine(e.Message);

        Assert.True(proxy.Stalled.IsCompleted);
        Assert.Matches($"^{Regex(proxy.HostPort)}: snapshot stream stalled after [0-9.]+ [KM]iB of [0-9.]+ MiB: no data for 1s \\(stall limit\\)$", e.Message);
        AssertNothingLeft(clock, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Save_ReadOnlyDirectory_SaysNotWritable()
    {
        await using var etcd = await EtcdProcess.StartAsync();
        using var mount = await TmpfsMount.MountAsync(1024 * 1024, readOnly: true);
        using var factory = EtcdTestClient.Factory(etcd);
        using var client = factory.CreateMemberClient();

        foreach (var target in new[] { mount.Combine("snap.db"), mount.Combine("new-dir", "snap.db") })
        {
            var e = await Assert.ThrowsAsync<SnapshotFileException>(() => SnapshotDownloader.DownloadAsync(client, target));
            output.WriteLine(e.Message);

            Assert.Equal(SnapshotFileProblem.NotWritable, e.Problem);
            Assert.Contains("not writable (Read-only file system)", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain('\n', e.Message);
            Assert.Empty(Directory.EnumerateFileSystemEntries(mount.Path));
        }
    }

    [Fact]
    public async Task Save_ImmutableDirectory_SaysNotWritableEvenForRoot()
    {
        await using var etcd = await EtcdProcess.StartAsync();
        using var factory = EtcdTestClient.Factory(etcd);
        using var client = factory.CreateMemberClient();
        var directory = _temp.Combine("immutable");
        Directory.CreateDirectory(directory);
        (await ProcessRunner.RunAsync("chattr", ["+i", directory])).EnsureSuccess("chattr +i (needs root and an ext4/xfs /tmp)");
        try
        {
            var e = await Assert.ThrowsAsync<SnapshotFileException>(() => SnapshotDownloader.DownloadAsync(client, Path.Combine(directory, "snap.db")));
            output.WriteLine(e.Message);

            Assert.Equal(SnapshotFileProblem.NotWritable, e.Problem);
            Assert.Equal($"create \"{directory}/snap.db.part\": not writable (permission denied)", e.Message);
        }
        finally
        {
            await ProcessRunner.RunAsync("chattr", ["-i", directory]);
        }

        Assert.Empty(Directory.EnumerateFileSystemEntries(directory));
    }

    [Fact]
    public async Task Save_DiskFull_SaysDiskFullAndRemovesThePart()
    {
        await using var etcd = await EtcdProcess.StartAsync();
        using var mount = await TmpfsMount.MountAsync(1024 * 1024);
        using var factory = EtcdTestClient.Factory(etcd);
        using var client = factory.CreateMemberClient();
        await EtcdTestClient.LoadAsync(client, "k/", 30, 100_000); // a 3 MB db for a 1 MiB file system
        var target = mount.Combine("snap.db");

        var e = await Assert.ThrowsAsync<SnapshotFileException>(() => SnapshotDownloader.DownloadAsync(client, target));

        output.WriteLine(e.Message);

        Assert.Equal(SnapshotFileProblem.DiskFull, e.Problem);
        Assert.Equal($"write \"{target}.part\": disk full (No space left on device)", e.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(mount.Path));
    }

    private async Task<TException> FailsCleanlyAsync<TException>(EtcdConnectionOptions options) where TException : Exception
    {
        var clock = Stopwatch.StartNew();
        using var factory = EtcdClientFactory.Create(options);
        using var client = factory.CreateMemberClient();
        var e = await Assert.ThrowsAsync<TException>(() => SnapshotDownloader.DownloadAsync(client, Target));
        output.WriteLine(e.Message);
        Assert.DoesNotContain('\n', e.Message);
        AssertNothingLeft(clock, TimeSpan.FromSeconds(10));
        return e;
    }

    private void AssertNothingLeft(Stopwatch clock, TimeSpan bound)
    {
        Assert.True(clock.Elapsed < bound, $"took {clock.Elapsed}, bound {bound}");
        Assert.False(File.Exists(Target), "no target file");
        Assert.False(File.Exists(Target + ".part"), "no part file");
    }

    private static string Regex(string text) => System.Text.RegularExpressions.Regex.Escape(text);
}
