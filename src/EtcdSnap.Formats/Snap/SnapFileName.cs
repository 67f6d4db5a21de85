using System.Globalization;

namespace EtcdSnap.Formats.Snap;

/// <summary>
/// The name of a raft snapshot file in <c>member/snap</c>: <c>%016x-%016x.snap</c> of (term, index), e.g.
/// <c>0000000000000001-0000000000000003.snap</c> (etcd <c>etcdserver/api/snap/snapshotter.go</c>).
/// </summary>
public readonly record struct SnapFileName(ulong Term, ulong Index)
{
    /// <summary>File name suffix.</summary>
    public const string Extension = ".snap";

    private const int HexDigits = 16;
    private const int NameLength = HexDigits + 1 + HexDigits + 5;

    /// <summary>The file name.</summary>
    public override string ToString() =>
        $"{Term.ToString("x16", CultureInfo.InvariantCulture)}-{Index.ToString("x16", CultureInfo.InvariantCulture)}{Extension}";

    /// <summary>Parses a name in the exact form etcd writes; other files (<c>db</c>, <c>*.snap.db</c>, <c>*.broken</c>) are not snap files.</summary>
    public static bool TryParse(string fileName, out SnapFileName name)
    {
        name = default;
        if (fileName.Length != NameLength || fileName[HexDigits] != '-' || !fileName.EndsWith(Extension, StringComparison.Ordinal))
        {
            return false;
        }

        var term = fileName.AsSpan(0, HexDigits);
        var index = fileName.AsSpan(HexDigits + 1, HexDigits);
        if (!IsLowerHex(term) || !IsLowerHex(index))
        {
            return false;
        }

        name = new SnapFileName(
            ulong.Parse(term, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture),
            ulong.Parse(index, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
        return true;
    }

    private static bool IsLowerHex(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return true;
    }
}
