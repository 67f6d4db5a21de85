using System.CommandLine;
using EtcdSnap.Storage.Backups;

namespace EtcdSnap.Cli.Commands.Backup;

/// <summary>restic-style `--keep-*` flags (docs/storage.md, Retention). None given keeps everything.</summary>
internal sealed class RetentionOptions
{
    private readonly Option<int> _last = Keep("--keep-last", "Keep the N newest backups");
    private readonly Option<int> _hourly = Keep("--keep-hourly", "Keep the newest backup of each of the last N hours that have backups");
    private readonly Option<int> _daily = Keep("--keep-daily", "Keep the newest backup of each of the last N days that have backups");
    private readonly Option<int> _weekly = Keep("--keep-weekly", "Keep the newest backup of each of the last N ISO weeks that have backups");
    private readonly Option<int> _monthly = Keep("--keep-monthly", "Keep the newest backup of each of the last N months that have backups");
    private readonly Option<int> _yearly = Keep("--keep-yearly", "Keep the newest backup of each of the last N years that have backups");

    /// <summary>Adds the flags to <paramref name="command"/>.</summary>
    public RetentionOptions AddTo(Command command)
    {
        foreach (var option in new[] { _last, _hourly, _daily, _weekly, _monthly, _yearly })
        {
            command.Options.Add(option);
        }

        return this;
    }

    /// <summary>The policy the flags describe (empty when none was given).</summary>
    public RetentionPolicy Read(ParseResult result) => new()
    {
        KeepLast = result.GetValue(_last),
        KeepHourly = result.GetValue(_hourly),
        KeepDaily = result.GetValue(_daily),
        KeepWeekly = result.GetValue(_weekly),
        KeepMonthly = result.GetValue(_monthly),
        KeepYearly = result.GetValue(_yearly),
    };

    private static Option<int> Keep(string name, string description)
    {
        var option = new Option<int>(name) { Description = description };
        option.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 0)
            {
                r.AddError($"{name} must not be negative");
            }
        });
        return option;
    }
}
