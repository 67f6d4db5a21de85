namespace EtcdSnap.Formats.Tests;

public sealed class DependencyRuleTests
{
    [Fact]
    public void Formats_DependsOnNoOtherProjectAssembly()
    {
        var refs = typeof(CorruptDataException).Assembly.GetReferencedAssemblies().Select(a => a.Name);

        Assert.DoesNotContain(refs, n => n!.StartsWith("EtcdSnap.", StringComparison.Ordinal));
    }
}
