namespace EtcdSnap.Kubernetes.Manifests;

/// <summary>
/// etcd's flags as etcd itself would read them from a container's command line and environment: Go's <c>flag</c>
/// package syntax (<c>-f</c>/<c>--f</c>, <c>=value</c> or the next argument, bare boolean flags, <c>--</c> ends flags,
/// the last occurrence wins), then <c>ETCD_&lt;FLAG&gt;</c> variables for flags not given on the command line
/// (etcd <c>pkg/flags/flag.go</c>, <c>SetFlagsFromEnv</c>).
/// </summary>
public sealed class EtcdFlags
{
    // Boolean flags of etcd v3.4.45, v3.5.33, v3.6.0 and main @ c34dc7ee (every fs.BoolVar in etcdmain/config.go,
    // embed/config.go, server/etcdmain/config.go, server/embed/config.go). A boolean flag never consumes the next
    // argument; any other flag given without "=" takes the next argument as its value, whatever it looks like.
    private static readonly HashSet<string> s_boolFlags = new(StringComparer.Ordinal)
    {
        "auto-tls", "client-cert-auth", "debug", "discovery-insecure-skip-tls-verify", "discovery-insecure-transport",
        "enable-distributed-tracing", "enable-grpc-gateway", "enable-log-rotation", "enable-pprof", "enable-v2",
        "experimental-compact-hash-check-enabled", "experimental-enable-distributed-tracing",
        "experimental-enable-lease-checkpoint", "experimental-enable-lease-checkpoint-persist",
        "experimental-initial-corrupt-check", "experimental-memory-mlock", "experimental-peer-skip-client-san-verification",
        "experimental-stop-grpc-service-on-defrag", "experimental-txn-mode-write-with-shared-buffer", "force-new-cluster",
        "initial-election-tick-advance", "memory-mlock", "next-cluster-version-compatible", "peer-auto-tls",
        "peer-client-cert-auth", "peer-skip-client-san-verification", "pre-vote", "socket-reuse-address",
        "socket-reuse-port", "strict-reconfig-check", "unsafe-no-fsync", "version",
    };

    private readonly List<EtcdFlag> _commandLine;
    private readonly Dictionary<string, EtcdFlag> _environment;

    private EtcdFlags(List<EtcdFlag> commandLine, Dictionary<string, EtcdFlag> environment, List<string> positional)
    {
        _commandLine = commandLine;
        _environment = environment;
        Positional = positional;
    }

    /// <summary>Every flag on the command line, in order (repeats included).</summary>
    public IReadOnlyList<EtcdFlag> CommandLine => _commandLine;

    /// <summary>Arguments left after flag parsing stopped (etcd refuses to start with any).</summary>
    public IReadOnlyList<string> Positional { get; }

    /// <summary>Parses etcd's arguments (everything after the program name) and the container environment.</summary>
    /// <exception cref="ManifestException">A flag etcd would reject: missing value, bad syntax, bad boolean.</exception>
    public static EtcdFlags Parse(IReadOnlyList<string> arguments, IReadOnlyList<EnvVar> environment, string manifestPath)
    {
        var flags = new List<EtcdFlag>();
        var i = 0;
        for (; i < arguments.Count; i++)
        {
            var arg = arguments[i];
            if (arg.Length < 2 || arg[0] != '-')
            {
                break; // Go's flag package stops at the first non-flag argument.
            }

            var dashes = arg[1] == '-' ? 2 : 1;
            if (dashes == 2 && arg.Length == 2)
            {
                i++; // "--" ends the flags and is consumed.
                break;
            }

            var body = arg[dashes..];
            if (body.Length == 0 || body[0] == '-' || body[0] == '=')
            {
                throw new ManifestException(manifestPath, $"etcd would reject the argument \"{arg}\": bad flag syntax");
            }

            var eq = body.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? body : body[..eq];
            string value;
            string source;
            if (eq >= 0)
            {
                value = body[(eq + 1)..];
                source = arg;
            }
            else if (s_boolFlags.Contains(name) || (i + 1 < arguments.Count && LooksLikeFlag(arguments[i + 1]) && !IsKnownValued(name)))
            {
                // Bare boolean; an unknown flag followed by another flag is treated the same way.
                value = "true";
                source = arg;
            }
            else if (i + 1 < arguments.Count)
            {
                value = arguments[++i];
                source = $"{arg} {value}";
            }
            else
            {
                throw new ManifestException(manifestPath, $"etcd would reject \"{arg}\": flag needs an argument");
            }

            if (s_boolFlags.Contains(name) && ParseGoBool(value) is null)
            {
                throw new ManifestException(manifestPath, $"etcd would reject \"{source}\": invalid boolean value \"{value}\"");
            }

            flags.Add(new EtcdFlag(name, value, source));
        }

        var env = new Dictionary<string, EtcdFlag>(StringComparer.Ordinal);
        foreach (var e in environment)
        {
            if (e.Value is not null && e.Name.StartsWith("ETCD_", StringComparison.Ordinal) && e.Name.Length > 5)
            {
                var name = e.Name[5..].ToLowerInvariant().Replace('_', '-');
                env[name] = new EtcdFlag(name, e.Value, $"env {e.Name}");
            }
        }

        return new EtcdFlags(flags, env, arguments.Skip(i).ToList());
    }

    /// <summary>The effective setting of <paramref name="name"/>: the last command-line occurrence, else the
    /// <c>ETCD_*</c> variable, else null.</summary>
    public EtcdFlag? Find(string name)
    {
        for (var i = _commandLine.Count - 1; i >= 0; i--)
        {
            if (string.Equals(_commandLine[i].Name, name, StringComparison.Ordinal))
            {
                return _commandLine[i];
            }
        }

        return _environment.GetValueOrDefault(name);
    }

    /// <summary>The effective value of <paramref name="name"/>, or null when it is not set.</summary>
    public string? Get(string name) => Find(name)?.Value;

    /// <summary>The effective value of a boolean flag (Go <c>strconv.ParseBool</c> syntax).</summary>
    /// <exception cref="ManifestException">The value (from the environment) is not a boolean.</exception>
    public bool GetBool(string name, bool defaultValue, string manifestPath)
    {
        var flag = Find(name);
        if (flag is null)
        {
            return defaultValue;
        }

        return ParseGoBool(flag.Value)
            ?? throw new ManifestException(manifestPath, $"etcd would reject \"{flag.Source}\": invalid boolean value");
    }

    /// <summary>Go's <c>strconv.ParseBool</c>.</summary>
    internal static bool? ParseGoBool(string value) => value switch
    {
        "1" or "t" or "T" or "TRUE" or "true" or "True" => true,
        "0" or "f" or "F" or "FALSE" or "false" or "False" => false,
        _ => null,
    };

    private static bool LooksLikeFlag(string arg) => arg.Length > 1 && arg[0] == '-';

    // Flags EtcdSnap reads whose value may legitimately start with '-' never; listed so that an unknown-flag
    // heuristic does not turn "--name -x" into a boolean.
    private static bool IsKnownValued(string name) => name is "data-dir" or "wal-dir" or "name" or "initial-cluster"
        or "initial-cluster-token" or "listen-client-urls" or "advertise-client-urls" or "trusted-ca-file" or "cert-file"
        or "key-file" or "initial-advertise-peer-urls" or "config-file";
}
