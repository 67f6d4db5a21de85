using System.Text.Json;
using EtcdSnap.Cli;
using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Core.Node;
using EtcdSnap.Testing;

namespace EtcdSnap.IntegrationTests.Restore;

/// <summary>A member-to-be: name and free loopback ports.</summary>
public sealed record TestMember(string Name, int ClientPort, int PeerPort)
{
    public string PeerUrl => $"http://127.0.0.1:{PeerPort}";

    public static TestMember New(string name) => new(name, LoopbackPorts.Next(), LoopbackPorts.Next());

    public static string Cluster(IEnumerable<TestMember> members) => string.Join(',', members.Select(m => $"{m.Name}={m.PeerUrl}"));
}

/// <summary>The result of one in-process CLI run.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public JsonDocument Json() => JsonDocument.Parse(Stdout);
}

/// <summary>Runs the CLI in-process and starts etcd on restored data dirs.</summary>
internal static class RestoreHarness
{
    public static async Task<CliRun> CliAsync(string[] args, CancellationToken cancellationToken = default)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, new CliConsole(stdout, stderr, Interactive: false), cancellationToken);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Runs the CLI and fails the test with its stderr unless it exits 0.</summary>
    public static async Task<CliRun> CliOkAsync(params string[] args)
    {
        var r = await CliAsync(args);
        Assert.True(r.ExitCode == 0, $"etcdsnap {string.Join(' ', args)} exited {r.ExitCode}: {r.Stderr}");
        return r;
    }

    /// <summary>etcd on a restored data dir: identity comes from the WAL, the flags only have to agree.</summary>
    public static Task<EtcdProcess> StartAsync(TestMember member, string dataDir, string cluster, string token, string? walDir = null) =>
        EtcdProcess.StartAsync(new EtcdProcessOptions
        {
            Name = member.Name,
            DataDir = dataDir,
            ClientPort = member.ClientPort,
            PeerPort = member.PeerPort,
            InitialCluster = cluster,
            InitialClusterToken = token,
            ExtraArgs = walDir is null ? [] : ["--wal-dir", walDir],
        }, TimeSpan.FromSeconds(90));

    /// <summary>Every entry under <paramref name="root"/> (hidden ones too) with kind and size, sorted.</summary>
    public static List<string> Listing(string root) =>
        [.. Directory.EnumerateFileSystemEntries(root, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(p => Directory.Exists(p)
                ? $"d {Path.GetRelativePath(root, p)}"
                : $"f {Path.GetRelativePath(root, p)} {new FileInfo(p).Length}")
            .Order(StringComparer.Ordinal)];
}
