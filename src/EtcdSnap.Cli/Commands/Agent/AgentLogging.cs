using Microsoft.Extensions.Logging;

namespace EtcdSnap.Cli.Commands.Agent;

/// <summary>The agent's logs: one line per event on stderr, as text or JSON (for log collectors), UTC timestamps.</summary>
internal static class AgentLogging
{
    /// <summary>Configures the host's logging: the process's stderr (the console logger writes to the real console).</summary>
    public static void Configure(ILoggingBuilder builder, bool json)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.SetMinimumLevel(LogLevel.Information);
        builder.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        if (json)
        {
            builder.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
                o.IncludeScopes = false;
            });
        }
        else
        {
            builder.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z' ";
                o.IncludeScopes = false;
            });
        }
    }
}
