using System.Runtime.CompilerServices;

namespace EtcdSnap.Cli.Tests.Inspect;

/// <summary>docs/inspection.md shows real output: every example below must appear there verbatim, so the page cannot
/// drift from what the commands print (the goldens are the commands' output on the demo fixtures).</summary>
public sealed class InspectionDocsTests
{
    [Theory]
    [InlineData("ls-demo-before.txt")]
    [InlineData("ls-demo-before-kube-system-cm.yaml")]
    [InlineData("get-deployment-blue.yaml")]
    [InlineData("get-custom-resource.json")]
    [InlineData("get-encrypted-secret.yaml")]
    [InlineData("diff-demo.txt")]
    [InlineData("diff-demo-default-pods.yaml")]
    public void Docs_ShowTheGoldenOutput(string golden)
    {
        var docs = File.ReadAllText(Repo("docs", "inspection.md"));
        var output = File.ReadAllText(Path.Combine(Repo("tests", "EtcdSnap.Cli.Tests", "Inspect", "golden"), golden));

        Assert.True(docs.Contains(output, StringComparison.Ordinal),
            $"docs/inspection.md no longer shows the output of {golden}; update the example from the golden file");
    }

    private static string Repo(string first, params string[] rest) => Path.Combine([RepoRoot(), first, .. rest]);

    private static string RepoRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));
}
