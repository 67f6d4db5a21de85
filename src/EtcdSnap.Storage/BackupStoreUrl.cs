using System.Globalization;
using System.Text;

namespace EtcdSnap.Storage;

/// <summary>
/// Where a backup repository lives, parsed from what the user typed:
/// <c>file:///var/backups/etcd</c> (or a plain path), <c>s3://bucket/prefix</c>, <c>azblob://container/prefix</c>.
/// S3 and Azure URLs take query parameters: <c>endpoint</c> (an S3-compatible server or an emulator),
/// <c>region</c> and <c>path-style</c> (S3 only). See docs/storage.md.
/// </summary>
public sealed record BackupStoreUrl
{
    /// <summary>The default repository when none is given.</summary>
    public const string DefaultLocal = "file:///var/backups/etcd";

    private static readonly string[] s_s3Parameters = ["endpoint", "region", "path-style"];
    private static readonly string[] s_azureParameters = ["endpoint"];

    private BackupStoreUrl(BackupStoreKind kind, string container, string prefix)
    {
        Kind = kind;
        Container = container;
        Prefix = prefix;
    }

    /// <summary>The kind of store.</summary>
    public BackupStoreKind Kind { get; }

    /// <summary>The absolute directory (local), the bucket (S3) or the container (Azure).</summary>
    public string Container { get; }

    /// <summary>The key prefix inside the bucket or container, without leading or trailing '/'; "" for none.</summary>
    public string Prefix { get; }

    /// <summary>An endpoint override (S3-compatible servers, emulators); null for the provider's default.</summary>
    public Uri? Endpoint { get; private init; }

    /// <summary>The S3 region; null to take it from the environment (AWS_REGION) or default to us-east-1.</summary>
    public string? Region { get; private init; }

    /// <summary>S3 path-style addressing; null means "true when an endpoint is given, else false".</summary>
    public bool? PathStyle { get; private init; }

    /// <summary>Parses a repository URL or a plain directory path.</summary>
    /// <exception cref="StoreUrlFormatException">The text is not a valid repository URL (one-line message).</exception>
    public static BackupStoreUrl Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            throw Invalid(text, "empty repository URL", "use a directory, file:///DIR, s3://BUCKET/PREFIX or azblob://CONTAINER/PREFIX");
        }

        var schemeEnd = trimmed.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return Local(text, trimmed);
        }

        var scheme = trimmed[..schemeEnd].ToLowerInvariant();
        var rest = trimmed[(schemeEnd + 3)..];
        return scheme switch
        {
            "file" => ParseFile(text, rest),
            "s3" => ParseRemote(text, rest, BackupStoreKind.S3, s_s3Parameters),
            "azblob" => ParseRemote(text, rest, BackupStoreKind.AzureBlob, s_azureParameters),
            _ => throw Invalid(text, $"unknown scheme \"{scheme}\"", "use file://, s3:// or azblob://, or a plain directory path"),
        };
    }

    /// <summary>The canonical URL: <c>file:///abs/dir</c>, <c>s3://bucket/prefix?…</c>, <c>azblob://container/prefix?…</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        switch (Kind)
        {
            case BackupStoreKind.Local:
                return "file://" + Container;
            case BackupStoreKind.S3:
                sb.Append("s3://");
                break;
            default:
                sb.Append("azblob://");
                break;
        }

        sb.Append(Container);
        if (Prefix.Length > 0)
        {
            sb.Append('/').Append(Prefix);
        }

        var separator = '?';
        void Add(string name, string value)
        {
            sb.Append(separator).Append(name).Append('=').Append(value);
            separator = '&';
        }

        if (Endpoint is not null)
        {
            Add("endpoint", Endpoint.OriginalString);
        }

        if (Region is not null)
        {
            Add("region", Region);
        }

        if (PathStyle is { } pathStyle)
        {
            Add("path-style", pathStyle ? "true" : "false");
        }

        return sb.ToString();
    }

    private static BackupStoreUrl Local(string original, string path)
    {
        if (path.Contains('\0', StringComparison.Ordinal))
        {
            throw Invalid(original, "path contains a NUL character");
        }

        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw Invalid(original, e.Message);
        }

        // Keep "/" as the root; strip a trailing separator elsewhere so that equal dirs compare equal.
        full = full.Length > 1 ? full.TrimEnd(Path.DirectorySeparatorChar) : full;
        return new BackupStoreUrl(BackupStoreKind.Local, full, "");
    }

    private static BackupStoreUrl ParseFile(string original, string rest)
    {
        if (rest.Contains('?', StringComparison.Ordinal))
        {
            throw Invalid(original, "file URLs take no parameters");
        }

        // file:///abs/path has an empty host; file://localhost/abs/path is the same thing (RFC 8089).
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var host = slash < 0 ? rest : rest[..slash];
        if (host.Length > 0 && !host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            throw Invalid(original, $"file URL names host \"{host}\"; only local directories are supported",
                "write file:///ABSOLUTE/PATH (three slashes)");
        }

        if (slash < 0 || rest.Length == slash + 1)
        {
            throw Invalid(original, "file URL has no directory", "write file:///ABSOLUTE/PATH");
        }

        return Local(original, Uri.UnescapeDataString(rest[slash..]));
    }

    private static BackupStoreUrl ParseRemote(string original, string rest, BackupStoreKind kind, string[] known)
    {
        var what = kind == BackupStoreKind.S3 ? "bucket" : "container";
        var query = "";
        var q = rest.IndexOf('?', StringComparison.Ordinal);
        if (q >= 0)
        {
            query = rest[(q + 1)..];
            rest = rest[..q];
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var container = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? "" : rest[(slash + 1)..].Trim('/');
        var problem = kind == BackupStoreKind.S3 ? CheckBucket(container) : CheckContainer(container);
        if (problem is not null)
        {
            throw Invalid(original, $"{what} \"{container}\": {problem}");
        }

        if (ObjectKey.Check(prefix, allowEmpty: true) is { } prefixProblem)
        {
            throw Invalid(original, $"prefix \"{prefix}\": {prefixProblem}");
        }

        var url = new BackupStoreUrl(kind, container, prefix);
        return ApplyQuery(original, url, query, known);
    }

    private static BackupStoreUrl ApplyQuery(string original, BackupStoreUrl url, string query, string[] known)
    {
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = (eq < 0 ? pair : pair[..eq]).ToLowerInvariant();
            var value = eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..]);
            if (Array.IndexOf(known, name) < 0)
            {
                throw Invalid(original, $"unknown parameter \"{name}\" (known: {string.Join(", ", known)})");
            }

            url = name switch
            {
                "endpoint" => url with { Endpoint = ParseEndpoint(original, value) },
                "region" => url with { Region = value.Length > 0 ? value : throw Invalid(original, "empty region") },
                _ => url with { PathStyle = ParseBool(original, name, value) },
            };
        }

        return url;
    }

    private static Uri ParseEndpoint(string original, string value)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw Invalid(original, $"endpoint \"{value}\" is not an http:// or https:// URL");
        }

        return uri;
    }

    private static bool ParseBool(string original, string name, string value) => value.ToLowerInvariant() switch
    {
        "" or "true" or "1" or "yes" => true,
        "false" or "0" or "no" => false,
        _ => throw Invalid(original, $"{name}=\"{value}\" is not true or false"),
    };

    // S3 bucket naming rules (AWS "Bucket naming rules"): 3-63 chars of a-z 0-9 . -, starting and
    // ending with a letter or digit.
    private static string? CheckBucket(string name)
    {
        if (name.Length is < 3 or > 63)
        {
            return "must be 3 to 63 characters long";
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-'))
            {
                return $"character '{c}' is not allowed (use a-z, 0-9, '.' and '-')";
            }
        }

        return EdgesAlphanumeric(name) ? null : "must start and end with a letter or digit";
    }

    // Azure container naming rules: 3-63 chars of a-z 0-9 -, starting with a letter or digit, no "--".
    private static string? CheckContainer(string name)
    {
        if (name.Length is < 3 or > 63)
        {
            return "must be 3 to 63 characters long";
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
            {
                return $"character '{c}' is not allowed (use a-z, 0-9 and '-')";
            }
        }

        if (name.Contains("--", StringComparison.Ordinal))
        {
            return "must not contain \"--\"";
        }

        return EdgesAlphanumeric(name) ? null : "must start and end with a letter or digit";
    }

    private static bool EdgesAlphanumeric(string name) =>
        char.IsAsciiLetterOrDigit(name[0]) && char.IsAsciiLetterOrDigit(name[^1]);

    private static StoreUrlFormatException Invalid(string original, string problem, string? hint = null) =>
        new(string.Create(CultureInfo.InvariantCulture, $"repository \"{original}\": {problem}")) { Hint = hint };
}
