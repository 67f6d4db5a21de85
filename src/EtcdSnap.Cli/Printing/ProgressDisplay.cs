using EtcdSnap.Cli.Infrastructure;
using Spectre.Console;

namespace EtcdSnap.Cli.Printing;

/// <summary>A byte-progress bar on stderr while a person watches; silent when output goes to a pipe or file.</summary>
internal static class ProgressDisplay
{
    /// <summary>Runs <paramref name="work"/>, showing a bar fed by the <see cref="ProgressSink"/> it receives.</summary>
    public static async Task<T> RunAsync<T>(CliConsole console, string description, Func<ProgressSink, Task<T>> work)
    {
        if (!console.Interactive)
        {
            return await work(new ProgressSink(null));
        }

        var ansi = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(console.Error),
            Interactive = InteractionSupport.Yes,
        });
        return await ansi.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(
                new TaskDescriptionColumn(),
                new ProgressBarColumn(),
                new PercentageColumn(),
                new DownloadedColumn(),
                new TransferSpeedColumn(),
                new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask(Markup.Escape(description), autoStart: true, maxValue: 1);
                task.IsIndeterminate = true;
                return await work(new ProgressSink(task));
            });
    }
}

/// <summary>What long-running work reports: the total once known, then the bytes done so far.</summary>
internal sealed class ProgressSink(ProgressTask? task)
{
    /// <summary>Sets the expected total (bytes); the bar switches from indeterminate to a percentage.</summary>
    public void SetTotal(long total)
    {
        if (task is not null && total > 0)
        {
            task.MaxValue = total;
            task.IsIndeterminate = false;
        }
    }

    /// <summary>Reports the bytes done so far.</summary>
    public void Report(long done)
    {
        if (task is not null)
        {
            task.Value = Math.Min(done, task.MaxValue);
        }
    }

    /// <summary>Changes the label (a new phase of the same work).</summary>
    public void Describe(string description)
    {
        if (task is not null)
        {
            task.Description = Markup.Escape(description);
        }
    }
}
