using EtcdSnap.Formats.Membership;

namespace EtcdSnap.Formats.Tests.Membership;

/// <summary>One folder of testdata/restore: the flags given to etcdctl 3.4.23 and what it wrote.</summary>
public sealed class RestoreFixture
{
    private RestoreFixture(string name, string dir)
    {
        Name = name;
        Directory = dir;
        Flags = File.ReadAllText(Path.Combine(dir, "flags.txt")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public static string Root => Path.Combine(AppContext.BaseDirectory, "testdata", "restore");

    public string Name { get; }

    public string Directory { get; }

    public IReadOnlyList<string> Flags { get; }

    public static IEnumerable<string> SuccessCases() =>
        System.IO.Directory.EnumerateDirectories(Root).Select(Path.GetFileName).Where(n => n != "errors").Order(StringComparer.Ordinal)!;

    public static IEnumerable<string> ErrorCases() =>
        System.IO.Directory.EnumerateDirectories(Path.Combine(Root, "errors")).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public static TheoryData<string> SuccessCaseData() => new(SuccessCases());

    public static TheoryData<string> ErrorCaseData() => new(ErrorCases());

    public static RestoreFixture Load(string name) => new(name, Path.Combine(Root, name));

    public static RestoreFixture LoadError(string name) => new(name, Path.Combine(Root, "errors", name));

    public byte[] WalData => File.ReadAllBytes(Path.Combine(Directory, "wal-data.bin"));

    public long WalFileSize => long.Parse(File.ReadAllText(Path.Combine(Directory, "wal-size.txt")).Trim(), System.Globalization.CultureInfo.InvariantCulture);

    public string SnapPath => System.IO.Directory.EnumerateFiles(Directory, "*.snap").Single();

    public string Error => File.ReadAllText(Path.Combine(Directory, "error.txt")).TrimEnd('\n');

    /// <summary>"cluster &lt;hex&gt;" and "member &lt;hex&gt; &lt;urls&gt;" lines from etcdctl's log.</summary>
    public (string Cluster, IReadOnlyList<(string Id, string Urls)> Members) EtcdctlIds
    {
        get
        {
            var lines = File.ReadAllLines(Path.Combine(Directory, "etcdctl-ids.txt"));
            var cluster = lines.Single(l => l.StartsWith("cluster ", StringComparison.Ordinal))["cluster ".Length..];
            var members = lines.Where(l => l.StartsWith("member ", StringComparison.Ordinal))
                .Select(l => l.Split(' ', 3))
                .Select(p => (p[1], p[2]))
                .ToList();
            return (cluster, members);
        }
    }

    /// <summary>The same flags as our options (etcdctl's defaults where a flag is absent).</summary>
    public BootstrapOptions Options(EtcdTarget target = EtcdTarget.V34)
    {
        var options = new BootstrapOptions { Target = target };
        for (var i = 0; i < Flags.Count; i += 2)
        {
            var value = Flags[i + 1];
            options = Flags[i] switch
            {
                "--name" => options with { Name = value },
                "--initial-cluster" => options with { InitialCluster = value },
                "--initial-advertise-peer-urls" => options with { InitialAdvertisePeerUrls = value },
                "--initial-cluster-token" => options with { InitialClusterToken = value },
                _ => throw new InvalidOperationException($"fixture {Name}: unknown flag {Flags[i]}"),
            };
        }

        return options;
    }

    public override string ToString() => Name;
}
