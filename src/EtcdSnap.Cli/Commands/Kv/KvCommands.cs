using System.CommandLine;
using System.Text;
using EtcdSnap.Cli.Commands.Shared;
using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Cli.Printing;
using EtcdSnap.Core.Cluster;
using EtcdSnap.Etcd;

namespace EtcdSnap.Cli.Commands.Kv;

/// <summary>`get`, `put`, `del` against live etcd, for checks around a restore (etcdctl's verbs and flags).</summary>
internal static class KvCommands
{
    /// <summary>`put KEY VALUE`.</summary>
    public static Command CreatePut(CliConsole console)
    {
        var key = new Argument<string>("KEY");
        var value = new Argument<string>("VALUE");
        var lease = new Option<string?>("--lease") { Description = "Attach the key to this lease ID (hex, as etcdctl prints it)" };
        var output = OutputOption.Create();
        var command = new Command("put", """
            Write a key to live etcd.

            Examples:
              etcdsnap put /demo/hello world
            """)
        {
            key,
            value,
            lease,
            output,
        };
        var connection = new ConnectionOptions().AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            var leaseText = result.GetValue(lease);
            long leaseId = 0;
            if (leaseText is not null && !long.TryParse(leaseText, System.Globalization.NumberStyles.HexNumber, null, out leaseId))
            {
                throw new UsageException($"--lease: \"{leaseText}\" is not a hex lease ID");
            }

            var revision = await ClusterOperations.PutAsync(connection.Read(result), result.GetValue(key)!,
                Encoding.UTF8.GetBytes(result.GetValue(value)!), leaseId, ct);
            OutputPrinter.Print(console, result.GetValue(output), new WriteOutput(revision, null), KvJsonContext.Default.WriteOutput,
                (w, r) => w.WriteLine($"OK (revision {r.Revision})"));
            return 0;
        });
        return command;
    }

    /// <summary>`del KEY [--prefix]`.</summary>
    public static Command CreateDelete(CliConsole console)
    {
        var key = new Argument<string>("KEY");
        var prefix = new Option<bool>("--prefix") { Description = "Delete every key that starts with KEY" };
        var output = OutputOption.Create();
        var command = new Command("del", """
            Delete a key (or a prefix) from live etcd and print how many keys went.

            Examples:
              # The seed's disaster: every object in the default namespace
              etcdsnap del /registry/deployments/default/ --prefix
            """)
        {
            key,
            prefix,
            output,
        };
        var connection = new ConnectionOptions().AddTo(command);
        command.SetAction(async (result, ct) =>
        {
            var deleted = await ClusterOperations.DeleteAsync(connection.Read(result), result.GetValue(key)!, result.GetValue(prefix), ct);
            OutputPrinter.Print(console, result.GetValue(output), new WriteOutput(0, deleted), KvJsonContext.Default.WriteOutput,
                (w, r) => w.WriteLine(r.Deleted));
            return 0;
        });
        return command;
    }

    /// <summary>The live-etcd part of `get KEY [--prefix] [--keys-only] [--limit N] [--rev N]`.</summary>
    public static async Task<int> GetAsync(CliConsole console, ConnectionOptions connection, ParseResult result, string key,
        EtcdRangeOptions options, OutputFormat format, CancellationToken ct)
    {
        var range = await ClusterOperations.GetAsync(connection.Read(result), key, options, ct);
        var view = new GetOutput(range.Revision, range.Count, range.More, [.. range.Kvs.Select(ToOutput)]);
        OutputPrinter.Print(console, format, view, KvJsonContext.Default.GetOutput, (w, g) => PrintTable(w, g, options.KeysOnly));
        return 0;
    }

    private static KeyValueOutput ToOutput(EtcdKeyValue kv)
    {
        var text = TryText(kv.Value.Span);
        return new KeyValueOutput(Encoding.UTF8.GetString(kv.Key.Span), text, text is null ? Convert.ToBase64String(kv.Value.Span) : null,
            kv.CreateRevision, kv.ModRevision, kv.Version, kv.Lease);
    }

    private static void PrintTable(TextWriter writer, GetOutput g, bool keysOnly)
    {
        var table = keysOnly
            ? new TableWriter("KEY", "CREATE REV", "MOD REV", "VERSION")
            : new TableWriter("KEY", "VALUE", "CREATE REV", "MOD REV", "VERSION", "LEASE");
        foreach (var kv in g.Kvs)
        {
            if (keysOnly)
            {
                table.Row(kv.Key, kv.CreateRevision, kv.ModRevision, kv.Version);
            }
            else
            {
                var value = kv.Value is { } v ? Shorten(v) : $"<{Convert.FromBase64String(kv.ValueBase64!).Length} bytes, binary>";
                table.Row(kv.Key, value, kv.CreateRevision, kv.ModRevision, kv.Version, kv.Lease == 0 ? "" : kv.Lease.ToString("x", null));
            }
        }

        table.WriteTo(writer);
    }

    private static string Shorten(string value) => value.Length <= 60 ? value : value[..57] + "...";

    // Printable UTF-8 text, or null for bytes a terminal should not see raw (protobuf, NULs, control characters).
    private static string? TryText(ReadOnlySpan<byte> bytes)
    {
        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
            return text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')) ? null : text;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
