using System.Security.Cryptography;
using System.Text.Json;
using EtcdSnap.Cli;
using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Core.Connection;
using EtcdSnap.Core.Node;
using EtcdSnap.Etcd;
using EtcdSnap.Kubernetes.Objects.Samples;
using EtcdSnap.Testing;
using Xunit.Abstractions;

namespace EtcdSnap.IntegrationTests.Workflow;

/// <summary>The result of one in-process CLI run.</summary>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>One etcd key as etcdctl (the independent reference) reports it.</summary>
internal sealed record Kv(string Key, string ValueBase64, long CreateRevision, long ModRevision, long Version);

/// <summary>
/// A kubeadm node tree under a temp folder with the local kubelet running it: the etcd static pod over mutual TLS, with
/// container paths different from host paths; etcdctl and the CLI pointed at it.
/// </summary>
internal sealed class WorkflowNode : IAsyncDisposable
{
    private readonly TempDirectory _temp;
    private readonly ITestOutputHelper _output;
    private LocalKubelet? _kubelet;

    private WorkflowNode(TempDirectory temp, KubeadmNodeTree tree, ITestOutputHelper output)
    {
        _temp = temp;
        Tree = tree;
        _output = output;
        Etcdctl = new Etcdctl(tree.ClientUrl, new EtcdTlsFiles(tree.Pki.CaCert, tree.Pki.ServerCert, tree.Pki.ServerKey,
            tree.Pki.HealthcheckClientCert, tree.Pki.HealthcheckClientKey, tree.Pki.PeerCert, tree.Pki.PeerKey));
    }

    public KubeadmNodeTree Tree { get; }

    public string Root => Tree.Root;

    public string Manifest => Tree.EtcdManifest;

    public Etcdctl Etcdctl { get; }

    public LocalKubelet Kubelet => _kubelet ?? throw new InvalidOperationException("the kubelet is not running");

    /// <summary>A temp folder outside the node tree.</summary>
    public string Scratch(string name) => _temp.Combine(name);

    /// <summary>Builds the tree (PKI copied from <paramref name="pkiTemplate"/>); starts the kubelet unless told not to.</summary>
    public static async Task<WorkflowNode> CreateAsync(string pkiTemplate, ITestOutputHelper output, bool startKubelet = true,
        string nodeName = "controlplane")
    {
        var temp = new TempDirectory("workflow");
        var tree = KubeadmNodeTree.Create(new KubeadmNodeOptions
        {
            Root = temp.Combine("node"),
            NodeName = nodeName,
            SeparateHostPaths = true,
            CopyPkiFrom = pkiTemplate,
        });
        var node = new WorkflowNode(temp, tree, output);
        if (startKubelet)
        {
            await node.StartKubeletAsync();
        }

        return node;
    }

    public async Task StopKubeletAsync()
    {
        await Kubelet.DisposeAsync();
        _kubelet = null;
    }

    public async Task StartKubeletAsync()
    {
        _kubelet = new LocalKubelet(new LocalKubeletOptions
        {
            Root = Root,
            NodeName = Tree.NodeName,
            GracePeriod = TimeSpan.FromSeconds(10),
            RestartBackoff = TimeSpan.FromMilliseconds(500),
            OnEvent = e => Log($"[kubelet {Tree.NodeName}] {e}"),
        });
        await _kubelet.StartAsync();
    }

    /// <summary>Waits until etcd answers a linearizable read (it has a leader).</summary>
    public async Task WaitHealthyAsync(TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while ((await Etcdctl.RunAsync(["endpoint", "health", "--command-timeout=2s"])).ExitCode != 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "etcd did not become healthy under the local kubelet");
            await Task.Delay(100);
        }
    }

    /// <summary>Writes the seed's objects through the library's gRPC client, connected through the manifest.</summary>
    public async Task LoadSampleClusterAsync()
    {
        using var factory = EtcdClientFactory.Create(ConnectionResolver.Resolve(new ConnectionInputs
        {
            ManifestPath = Manifest,
            HostRoot = Root,
            Environment = new Dictionary<string, string?>(),
        }).Options);
        using var client = factory.CreateMemberClient();
        foreach (var entry in SampleCluster.Create())
        {
            await client.PutAsync(entry.Key, entry.Value);
        }
    }

    /// <summary>Every key (etcdctl get "" --prefix -w json) and the store revision.</summary>
    public async Task<(IReadOnlyDictionary<string, Kv> Kvs, long Revision)> ReadAllAsync()
    {
        var json = await Etcdctl.CheckedAsync("get", "", "--prefix", "-w", "json");
        using var doc = JsonDocument.Parse(json);
        var kvs = new Dictionary<string, Kv>(StringComparer.Ordinal);
        if (doc.RootElement.TryGetProperty("kvs", out var array))
        {
            foreach (var kv in array.EnumerateArray())
            {
                var key = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(kv.GetProperty("key").GetString()!));
                kvs[key] = new Kv(key, kv.TryGetProperty("value", out var v) ? v.GetString()! : "", Long(kv, "create_revision"),
                    Long(kv, "mod_revision"), Long(kv, "version"));
            }
        }

        return (kvs, doc.RootElement.GetProperty("header").GetProperty("revision").GetInt64());
    }

    /// <summary>Runs the CLI in-process, as a user would from a non-terminal.</summary>
    public async Task<CliRun> CliAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CliApp.RunAsync(args, new CliConsole(stdout, stderr, Interactive: false));
        var run = new CliRun(code, stdout.ToString(), stderr.ToString());
        Log($"$ etcdsnap {string.Join(' ', args)}\n{run}");
        return run;
    }

    /// <summary>Every file and folder under the root with its mode and SHA-256: equal captures mean nothing changed.</summary>
    public static IReadOnlyDictionary<string, string> Capture(string root)
    {
        var state = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!Directory.Exists(root))
        {
            return state;
        }

        foreach (var entry in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories))
        {
            var mode = File.GetUnixFileMode(entry);
            state[Path.GetRelativePath(root, entry)] = Directory.Exists(entry)
                ? $"dir {mode}"
                : $"file {mode} {Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(entry)))}";
        }

        return state;
    }

    public void Log(string line)
    {
        try
        {
            _output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test has finished; late kubelet events have nowhere to go.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_kubelet is not null)
        {
            await _kubelet.DisposeAsync();
        }

        _temp.Dispose();
    }

    private static long Long(JsonElement e, string name) => e.TryGetProperty(name, out var v) ? v.GetInt64() : 0;
}
