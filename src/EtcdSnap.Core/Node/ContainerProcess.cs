using System.Diagnostics;
using System.Text;

namespace EtcdSnap.Core.Node;

/// <summary>
/// One running container of the local kubelet: a host process whose stdout and stderr go to a log file (the kubelet's
/// <c>/var/log/pods/…/N.log</c>), stopped like the kubelet stops containers: SIGTERM, then SIGKILL after the grace period.
/// </summary>
internal sealed class ContainerProcess : IDisposable
{
    private const int TailLines = 20;

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Queue<string> _tail = new();
    private readonly Lock _lock = new();

    private ContainerProcess(Process process, StreamWriter log, string logPath)
    {
        _process = process;
        _log = log;
        LogPath = logPath;
    }

    /// <summary>The process ID.</summary>
    public int Pid => _process.Id;

    /// <summary>Where its output goes.</summary>
    public string LogPath { get; }

    /// <summary>True once the process has ended.</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>The exit code once ended (128 + signal when a signal ended it).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts <paramref name="launch"/>, appending its output to <paramref name="logPath"/>.</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">The binary cannot be executed.</exception>
    public static ContainerProcess Start(ContainerLaunch launch, string logPath, string workingDirectory)
    {
        foreach (var directory in launch.CreateDirectories)
        {
            CreatePrivateDirectory(directory);
        }

        CreatePrivateDirectory(Path.GetDirectoryName(logPath)!);
        var psi = new ProcessStartInfo(launch.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in launch.Arguments)
        {
            psi.ArgumentList.Add(argument);
        }

        // A container gets only what its manifest sets: an ETCD_* or ETCDCTL_* variable of ours would change etcd's
        // flags behind the manifest's back.
        foreach (var name in psi.Environment.Keys.Where(k => k.StartsWith("ETCD", StringComparison.Ordinal)).ToList())
        {
            psi.Environment.Remove(name);
        }

        foreach (var (name, value) in launch.Environment)
        {
            psi.Environment[name] = value;
        }

        var logOptions = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.Read };
        if (!OperatingSystem.IsWindows())
        {
            logOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var log = new StreamWriter(new FileStream(logPath, logOptions), new UTF8Encoding(false)) { AutoFlush = true };
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {launch.FileName}");
        }
        catch
        {
            log.Dispose();
            throw;
        }

        process.StandardInput.Close();
        var container = new ContainerProcess(process, log, logPath);
        process.OutputDataReceived += (_, e) => container.Append(e.Data);
        process.ErrorDataReceived += (_, e) => container.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return container;
    }

    /// <summary>The last thing the container logged that looks like a reason (an error line, else the last line).</summary>
    public string LastWords()
    {
        lock (_lock)
        {
            var lines = _tail.ToArray();
            var error = lines.LastOrDefault(l => l.Contains("\"level\":\"fatal\"", StringComparison.Ordinal)
                || l.Contains("\"level\":\"error\"", StringComparison.Ordinal)
                || l.Contains(" C | ", StringComparison.Ordinal) || l.Contains(" E | ", StringComparison.Ordinal));
            return Summarize(error ?? lines.LastOrDefault() ?? "no output");
        }
    }

    /// <summary>SIGTERM, wait up to <paramref name="grace"/>, then SIGKILL; returns the exit code.</summary>
    public async Task<int> StopAsync(TimeSpan grace)
    {
        if (!_process.HasExited)
        {
            ProcessSignals.Send(_process.Id, ProcessSignals.SigTerm);
            using var timeout = new CancellationTokenSource(grace);
            try
            {
                await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Append($"[local kubelet] grace period of {grace.TotalSeconds:0.#}s over: SIGKILL");
                _process.Kill(entireProcessTree: true);
            }
        }

        await _process.WaitForExitAsync().ConfigureAwait(false);
        return _process.ExitCode;
    }

    /// <summary>Kills the process at once if it still runs, and closes the log.</summary>
    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        lock (_lock)
        {
            _log.Dispose();
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_lock)
        {
            _tail.Enqueue(line);
            if (_tail.Count > TailLines)
            {
                _tail.Dequeue();
            }

            try
            {
                _log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Output after Dispose: the process was killed; the line is in the tail.
            }
        }
    }

    // etcd 3.4 logs "2024-… C | etcdmain: listen tcp 127.0.0.1:2379: bind: address already in use" (capnslog) or JSON
    // (zap); keep the message part.
    private static string Summarize(string line)
    {
        var text = line.Trim();
        var capn = text.IndexOf(" | ", StringComparison.Ordinal);
        if (capn > 0 && capn < 40)
        {
            text = text[(capn + 3)..];
        }

        return text.Length > 300 ? text[..300] + "…" : text;
    }

    private static void CreatePrivateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(path);
        }
        else
        {
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
