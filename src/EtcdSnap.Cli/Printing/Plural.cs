using System.Globalization;

namespace EtcdSnap.Cli.Printing;

/// <summary>"1 problem", "3 problems".</summary>
internal static class Plural
{
    /// <summary>The count and the noun, with an s unless the count is one.</summary>
    public static string Of(long count, string noun) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? noun : noun + "s");
}
