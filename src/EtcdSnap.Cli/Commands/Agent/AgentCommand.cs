using System.CommandLine;
using System.Net;
using EtcdSnap.Cli.Commands.Backup;
using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Core.Agent;
using EtcdSnap.Core.Backups;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace EtcdSnap.Cli.Commands.Agent;

/// <summary>`etcdsnap agent --schedule CRON --repo URL`: scheduled backups with leader election across control-plane nodes.</summary>
internal static class AgentCommand
{
    public static Command Create(CliConsole console)
    {
        var schedule = new Option<string>("--schedule")
        {
            Description = "When to back up, in UTC: 5 cron fields (\"0 */6 * * *\"), 6 with seconds first, or hourly/daily/weekly",
            Required = true,
        };
        var listen = new Option<string>("--listen")
        {
            Description = "Address of /healthz, /metrics and /backups, or \"off\"",
            DefaultValueFactory = _ => AgentOptions.DefaultListen.ToString(),
        };
        var runTimeout = new Option<string>("--run-timeout") { Description = "Longest time one backup attempt may take", DefaultValueFactory = _ => "10m" };
        var election = new Option<string>("--election-name")
        {
            Description = "Agent group: agents with the same name (and etcd) elect one leader that takes the backups",
            DefaultValueFactory = _ => "default",
        };
        var identity = new Option<string>("--identity")
        {
            Description = "This agent's name in logs, labels and the election (default: env NODE_NAME, else the host name)",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("NODE_NAME") is { Length: > 0 } node ? node : Environment.MachineName,
        };
        var leaseTtl = new Option<string>("--lease-ttl")
        {
            Description = "Election lease time to live: how long a dead leader blocks the others",
            DefaultValueFactory = _ => "15s",
        };
        var catchUp = new Option<string>("--catch-up-window")
        {
            Description = "A new leader runs the latest tick nobody completed if it is at most this old (0 never)",
            DefaultValueFactory = _ => "1h",
        };
        var logFormat = new Option<string>("--log-format") { Description = "Log lines on stderr: text or json", DefaultValueFactory = _ => "text" };
        logFormat.AcceptOnlyFromAmong("text", "json");
        var command = new Command("agent", """
            Run scheduled backups as a service, one agent per control-plane node, one leader at a time.

            Run one agent per control-plane node: the agents elect a leader
            through etcd's election API (a lease kept alive, a campaign), and only the leader backs up, so the
            cluster gets exactly one backup per schedule tick. When the leader's node dies, its lease expires and
            another agent takes over; it runs the tick it took over in unless a backup for it is complete.

            Each backup is what `etcdsnap backup` makes, labelled with its tick. Transient failures (etcd or the
            repository unreachable) are retried with backoff until the next tick; --run-timeout bounds each
            attempt. SIGTERM resigns at once. /healthz, /metrics (Prometheus) and /backups are served on --listen.

            Examples:
              etcdsnap agent --schedule "0 */6 * * *" --repo s3://backups/etcd --compress --keep-daily 7 --keep-weekly 4
              etcdsnap agent --schedule "*/2 * * * * *" --repo /tmp/repo --endpoints http://127.0.0.1:2379 --listen off
            """)
        {
            schedule,
            listen,
            runTimeout,
            election,
            identity,
            leaseTtl,
            catchUp,
            logFormat,
        };
        var backup = new BackupRequestOptions().AddTo(command);
        command.SetAction(async (result, cancellationToken) =>
        {
            var groupName = result.GetValue(election)!;
            if (BackupLabels.CheckKey(groupName) is not null || groupName.Contains('/', StringComparison.Ordinal))
            {
                throw new UsageException($"--election-name: \"{groupName}\" must be 1 to 128 characters of A-Z a-z 0-9 . _ -");
            }

            var options = new AgentOptions
            {
                Schedule = ParseSchedule(result.GetValue(schedule)!),
                Backup = backup.Read(result),
                ElectionName = groupName,
                Identity = result.GetValue(identity)!,
                LeaseTtl = Durations.Parse(result.GetValue(leaseTtl)!, "--lease-ttl"),
                RunTimeout = Durations.Parse(result.GetValue(runTimeout)!, "--run-timeout"),
                CatchUpWindow = result.GetValue(catchUp) == "0" ? TimeSpan.Zero : Durations.Parse(result.GetValue(catchUp)!, "--catch-up-window"),
                Listen = ParseListen(result.GetValue(listen)!),
            };
            if (options.LeaseTtl < TimeSpan.FromSeconds(2))
            {
                throw new UsageException("--lease-ttl: must be at least 2s (etcd raises shorter leases to its minimum anyway)");
            }

            // The generic host gives the agent what a service needs: SIGTERM/SIGINT handling, a bounded shutdown, structured
            // logs. No configuration files or environment sources: flags are the whole input (CreateEmptyApplicationBuilder).
            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            AgentLogging.Configure(builder.Logging, result.GetValue(logFormat) == "json");
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
            builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
            builder.Services.AddSingleton(options);
            builder.Services.AddSingleton<AgentService>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<AgentService>());
            using var host = builder.Build();
            var service = host.Services.GetRequiredService<AgentService>(); // RunAsync disposes the provider
            await host.RunAsync(cancellationToken);
            return service.Failure is null ? 0 : throw service.Failure;
        });
        return command;
    }

    private static BackupSchedule ParseSchedule(string text)
    {
        try
        {
            return BackupSchedule.Parse(text);
        }
        catch (FormatException e)
        {
            throw new UsageException("--schedule: " + e.Message) { Hint = "for example --schedule \"0 */6 * * *\" (every 6 hours, UTC)" };
        }
    }

    private static IPEndPoint? ParseListen(string text) =>
        text.Equals("off", StringComparison.OrdinalIgnoreCase) ? null
        : IPEndPoint.TryParse(text, out var endpoint) && endpoint.Port > 0 ? endpoint
        : throw new UsageException($"--listen: \"{text}\" is not IP:PORT (e.g. 127.0.0.1:9469) or \"off\"");
}
