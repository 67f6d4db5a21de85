namespace EtcdSnap.Cli.Tests.Inspect;

public sealed class ObjectGetCommandTests
{
    [Theory]
    [InlineData("get-deployment-blue.yaml", "deploy", "blue")]
    [InlineData("get-deployment-blue.json", "deployments.apps", "blue", "-o", "json")]
    [InlineData("get-pod.yaml", "po", "-n", "kube-system", "coredns-5d78c9869d-6b6zd")]
    [InlineData("get-configmap.yaml", "cm", "kube-root-ca.crt")]
    [InlineData("get-custom-resource.yaml", "backups.demo.etcdsnap.io", "nightly")]
    [InlineData("get-custom-resource.json", "backup", "nightly", "-o", "json")]
    [InlineData("get-encrypted-secret.yaml", "secret", "blue-db-credentials")]
    [InlineData("get-node.yaml", "nodes", "controlplane")]
    public async Task ObjectGet_Demo_MatchesGolden(string golden, params string[] args)
    {
        var r = await CliRunner.RunAsync(["get", InspectGolden.DemoBefore, .. args]);

        Assert.Equal(0, r.ExitCode);
        InspectGolden.Assert(golden, r.Stdout);
    }

    [Fact]
    public async Task ObjectGet_Missing_ExitsTwoWithOneLineAndLsHint()
    {
        var r = await CliRunner.RunAsync("get", InspectGolden.DemoBefore, "deploy", "-n", "prod", "green");

        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Equal(
            "error: deployments.apps \"green\" not found in namespace \"prod\" (key /registry/deployments/prod/green, snapshot revision 44)\n" +
            $"hint: etcdsnap ls {InspectGolden.DemoBefore} -n prod --resource deployments.apps\n", r.Stderr);
    }

    [Fact]
    public async Task ObjectGet_TableOutput_IsAUsageError()
    {
        var r = await CliRunner.RunAsync("get", InspectGolden.DemoBefore, "deploy", "blue", "-o", "table");

        Assert.Equal(2, r.ExitCode);
        Assert.Equal("error: get prints an object as yaml or json (-o yaml, -o json)\n", r.Stderr);
    }

    [Fact]
    public async Task ObjectGet_EncryptedCluster_WarnsNothing()
    {
        var r = await CliRunner.RunAsync("get", InspectGolden.EncryptedCustomPrefix, "--etcd-prefix", "/k8s", "po", "app-0");

        Assert.Equal(0, r.ExitCode);
        Assert.Equal("", r.Stderr);
        Assert.Contains("name: app-0", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_ListsTheInspectionVerbs()
    {
        var r = await CliRunner.RunAsync("--help");

        Assert.Contains("get", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("ls", r.Stdout, StringComparison.Ordinal);
        Assert.Contains("diff", r.Stdout, StringComparison.Ordinal);
    }
}
