namespace EtcdSnap.Storage;

/// <summary>Rules for object keys and key prefixes, the same for every store.</summary>
/// <remarks>
/// Keys are '/'-separated relative paths. Segments may not be empty, "." or "..", start with '.' (the local
/// store keeps its temporaries in dot-files), or hold '\' or control characters. That keeps a key a safe
/// relative path on a local disk and an unambiguous name in S3 and Azure.
/// </remarks>
internal static class ObjectKey
{
    /// <summary>S3 and Azure both cap names at 1,024 bytes; the prefix of the URL counts too.</summary>
    public const int MaxLength = 1024;

    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="key"/> is not a valid key.</summary>
    public static void Validate(string key, string paramName = "key")
    {
        ArgumentNullException.ThrowIfNull(key, paramName);
        var problem = Check(key, allowEmpty: false);
        if (problem is not null)
        {
            throw new ArgumentException($"invalid object key \"{key}\": {problem}", paramName);
        }
    }

    /// <summary>A store URL's prefix as a folder to put keys under: "" for none, else without outer slashes plus '/'.</summary>
    public static string FolderPrefix(string prefix)
    {
        var trimmed = prefix.Trim('/');
        return trimmed.Length == 0 ? "" : trimmed + "/";
    }

    /// <summary>Throws unless <paramref name="prefix"/> is "" or a key, optionally ending in '/'.</summary>
    /// <remarks>A partial last segment ("2026") is fine: a prefix need not end on a segment boundary.</remarks>
    public static void ValidatePrefix(string prefix, string paramName = "prefix")
    {
        ArgumentNullException.ThrowIfNull(prefix, paramName);
        var body = prefix.EndsWith('/') ? prefix[..^1] : prefix;
        if (prefix.Length > 0 && Check(body, allowEmpty: false) is { } problem)
        {
            throw new ArgumentException($"invalid key prefix \"{prefix}\": {problem}", paramName);
        }
    }

    /// <summary>The reason <paramref name="key"/> is invalid, or null when it is valid.</summary>
    public static string? Check(string key, bool allowEmpty)
    {
        if (key.Length == 0)
        {
            return allowEmpty ? null : "empty";
        }

        if (System.Text.Encoding.UTF8.GetByteCount(key) > MaxLength)
        {
            return $"longer than {MaxLength} bytes";
        }

        foreach (var segment in key.Split('/'))
        {
            if (segment.Length == 0)
            {
                return "empty path segment (leading, trailing or doubled '/')";
            }

            if (segment[0] == '.')
            {
                return $"segment \"{segment}\" starts with '.'";
            }

            if (HasBadChar(segment))
            {
                return $"segment \"{segment}\" contains '\\' or a control character";
            }
        }

        return null;
    }

    private static bool HasBadChar(string segment)
    {
        foreach (var c in segment)
        {
            if (c == '\\' || char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }
}
