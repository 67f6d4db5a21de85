using EtcdSnap.Core.Agent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EtcdSnap.Cli.Commands.Agent;

/// <summary>Runs the <see cref="BackupAgent"/> under the generic host: the host owns SIGTERM/SIGINT and the shutdown
/// grace period; the agent resigns its leadership when the host stops it.</summary>
internal sealed class AgentService(AgentOptions options, ILogger<BackupAgent> logger, IHostApplicationLifetime lifetime)
    : BackgroundService
{
    /// <summary>Why the agent stopped on its own, if it did; the command rethrows it after the host has shut down so
    /// the error reporter prints one line with its exit code (the host would log a stack trace instead).</summary>
    public Exception? Failure { get; private set; }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await new BackupAgent(options, logger).RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // every failure is handed to the command, which reports it
        catch (Exception e)
#pragma warning restore CA1031
        {
            Failure = e;
        }
        finally
        {
            // The agent only returns when asked to stop or when it cannot go on: either way the process ends.
            lifetime.StopApplication();
        }
    }
}
