using System.Globalization;

namespace EtcdSnap.Formats.Wal;

/// <summary>
/// The name of a WAL segment: <c>%016x-%016x.wal</c> of (sequence, index of the first entry it may hold), e.g.
/// <c>0000000000000000-0000000000000000.wal</c> for the first one (etcd <c>wal/util.go</c>: walName, parseWALName).
/// </summary>
public readonly record struct WalSegmentName(ulong Sequence, ulong Index)
{
    /// <summary>File name suffix of segments.</summary>
    public const string Extension = ".wal";

    private const int HexDigits = 16;
    private const int NameLength = HexDigits + 1 + HexDigits + 4;

    /// <summary>The file name.</summary>
    public override string ToString() =>
        $"{Sequence.ToString("x16", CultureInfo.InvariantCulture)}-{Index.ToString("x16", CultureInfo.InvariantCulture)}{Extension}";

    /// <summary>
    /// Parses a segment file name in the exact form etcd writes (16 lowercase hex digits each). Other names,
    /// including etcd's own <c>0.tmp</c>/<c>1.tmp</c> preallocation files, are not segments.
    /// </summary>
    public static bool TryParse(string fileName, out WalSegmentName name)
    {
        name = default;
        if (fileName.Length != NameLength || fileName[HexDigits] != '-' || !fileName.EndsWith(Extension, StringComparison.Ordinal))
        {
            return false;
        }

        if (!TryParseHex(fileName.AsSpan(0, HexDigits), out var seq) ||
            !TryParseHex(fileName.AsSpan(HexDigits + 1, HexDigits), out var index))
        {
            return false;
        }

        name = new WalSegmentName(seq, index);
        return true;
    }

    private static bool TryParseHex(ReadOnlySpan<char> digits, out ulong value)
    {
        value = 0;
        foreach (var c in digits)
        {
            if (c is not ((>= '0' and <= '9') or (>= 'a' and <= 'f')))
            {
                return false;
            }
        }

        return ulong.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value);
    }
}
