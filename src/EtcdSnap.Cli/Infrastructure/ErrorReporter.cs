using EtcdSnap.Core;
using EtcdSnap.Etcd;
using EtcdSnap.Formats;
using EtcdSnap.Formats.Membership;
using EtcdSnap.Kubernetes;
using EtcdSnap.Storage;
using EtcdSnap.Storage.Backups;

namespace EtcdSnap.Cli.Infrastructure;

/// <summary>The one place that turns an exception into an exit code and at most two lines on stderr.</summary>
internal sealed class ErrorReporter(TextWriter error)
{
    /// <summary>Reports <paramref name="exception"/> and returns the exit code the process should end with.</summary>
    public ExitCode Report(Exception exception, bool verbose)
    {
        var (code, hint) = Classify(exception);
        var message = code == ExitCode.Failure && !IsEnvironmental(exception)
            ? $"unexpected {exception.GetType().Name}: {exception.Message}"
            : exception.Message;
        error.WriteLine("error: " + Formats.OneLine.Flatten(message));
        if (code == ExitCode.Failure && !IsEnvironmental(exception) && !verbose)
        {
            hint ??= "this is a bug in etcdsnap; rerun with --verbose and report the output";
        }

        if (hint is not null)
        {
            error.WriteLine("hint: " + Formats.OneLine.Flatten(hint));
        }

        if (verbose)
        {
            error.WriteLine(exception.ToString());
        }

        return code;
    }

    /// <summary>Maps an exception to its documented exit code and optional hint.</summary>
    public static (ExitCode Code, string? Hint) Classify(Exception exception) => exception switch
    {
        UsageException e => (ExitCode.Usage, e.Hint),
        EtcdConfigurationException e => (ExitCode.Usage, e.Hint),
        ClusterConfigurationException e => (ExitCode.Usage, e.Hint),
        CorruptDataException e => (ExitCode.CorruptData, e.Hint),
        ManifestException e => (ExitCode.CorruptData, e.Hint),
        EtcdUnavailableException e => (ExitCode.Unavailable, e.Hint),
        StorageUnavailableException e => (ExitCode.Unavailable, e.Hint),
        OperationRefusedException e => (ExitCode.Refused, e.Hint),
        SnapshotFileException { Problem: SnapshotFileProblem.TargetExists or SnapshotFileProblem.PartFileExists } e =>
            (ExitCode.Refused, e.Hint),
        SnapshotFileException e => (ExitCode.Failure, e.Hint),
        EtcdRequestException e => (ExitCode.Failure, e.Hint),
        RestoreNotHealthyException e => (ExitCode.NotHealthy, e.Hint),
        EncryptionKeyRequiredException e => (ExitCode.Usage, e.Hint),
        StoreUrlFormatException e => (ExitCode.Usage, e.Hint),
        BackupNotFoundException e => (ExitCode.Usage, e.Hint),
        StorageObjectNotFoundException => (ExitCode.Usage, null),
        OperationCanceledException => (ExitCode.Interrupted, null),
        AggregateException { InnerExceptions.Count: 1 } e => Classify(e.InnerExceptions[0]),
        _ => (ExitCode.Failure, null),
    };

    /// <summary>Disk full, permission denied, missing file: the machine's state, not our bug.</summary>
    private static bool IsEnvironmental(Exception e) =>
        e is IOException or UnauthorizedAccessException or EtcdRequestException || Classify(e).Code != ExitCode.Failure;
}
