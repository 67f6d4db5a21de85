using System.Runtime.CompilerServices;
using System.Text;

namespace EtcdSnap.Cli.Tests.Inspect;

/// <summary>
/// Golden outputs under Inspect/golden/ (compared byte for byte, rewritten when UPDATE_GOLDEN=1) and the inspection
/// fixtures, which live with the Core tests (tests/EtcdSnap.Core.Tests/Inspection/testdata; see the README there).
/// </summary>
internal static class InspectGolden
{
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static string Fixture(string name, [CallerFilePath] string thisFile = "") => Path.GetFullPath(Path.Combine(
        Path.GetDirectoryName(thisFile)!, "..", "..", "EtcdSnap.Core.Tests", "Inspection", "testdata", name + ".snapshot.db"));

    public static string DemoBefore => Fixture("demo-before");

    public static string DemoAfter => Fixture("demo-after");

    public static string EncryptedCustomPrefix => Fixture("encrypted-k8s-prefix");

    public static void Assert(string name, string actual, [CallerFilePath] string thisFile = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(thisFile)!, "golden", name);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, s_utf8.GetBytes(actual));
            return;
        }

        if (!File.Exists(path))
        {
            throw new Xunit.Sdk.XunitException($"golden file {path} is missing; rerun with UPDATE_GOLDEN=1 to create it");
        }

        var expected = s_utf8.GetString(File.ReadAllBytes(path));
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            throw new Xunit.Sdk.XunitException(
                $"output differs from {path}; rerun with UPDATE_GOLDEN=1 to accept.\n--- expected\n{expected}\n--- actual\n{actual}");
        }
    }
}
