using System.Runtime.CompilerServices;
using System.Text;

namespace EtcdSnap.Kubernetes.Tests;

/// <summary>Golden files under testdata/: compared byte for byte; rewritten when UPDATE_GOLDEN=1.</summary>
internal static class Golden
{
    private static readonly UTF8Encoding s_utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static bool Updating => Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";

    /// <summary>The test project's testdata folder in the source tree (so UPDATE_GOLDEN rewrites the checked-in files).</summary>
    public static string TestData(params string[] parts) => Path.Combine([ProjectDir(), "testdata", .. parts]);

    public static string Read(string path) => s_utf8.GetString(File.ReadAllBytes(path));

    public static void Assert(string goldenPath, string actual)
    {
        if (Updating)
        {
            File.WriteAllBytes(goldenPath, s_utf8.GetBytes(actual));
            return;
        }

        if (!File.Exists(goldenPath))
        {
            throw new Xunit.Sdk.XunitException($"golden file {goldenPath} is missing; rerun with UPDATE_GOLDEN=1 to create it");
        }

        var expected = Read(goldenPath);
        if (!string.Equals(expected, actual, StringComparison.Ordinal))
        {
            throw new Xunit.Sdk.XunitException(
                $"output differs from {goldenPath}; rerun with UPDATE_GOLDEN=1 to accept.\n--- expected\n{expected}\n--- actual\n{actual}");
        }
    }

    private static string ProjectDir([CallerFilePath] string thisFile = "") => Path.GetDirectoryName(thisFile)!;
}
