using System.Security.Cryptography;
using EtcdSnap.Core.Connection;

namespace EtcdSnap.Core.Node;

/// <summary>
/// A small stand-in for the kubelet's static pod handling, for the demo and tests (no API server, no container
/// runtime): it reads the manifests folder every <see cref="LocalKubeletOptions.PollInterval"/>, runs the etcd pod as a
/// host process with every container path rewritten through the pod's hostPath volumes, restarts it when its manifest
/// changes (SIGTERM, then SIGKILL after the grace period) or when it exits, and stops pods whose manifest disappears.
/// Every other pod (kube-apiserver…) is run only nominally: started and stopped in the event log.
/// </summary>
/// <remarks>
/// Like the real kubelet it runs every file in the folder except those whose name starts with a dot
/// (<c>pkg/kubelet/config/file.go</c>): a backup such as <c>etcd.yaml.bak</c> left there is a second etcd pod. That is why
/// EtcdSnap keeps manifest backups in a folder beside the manifests folder, never inside it.
/// </remarks>
public sealed class LocalKubelet : IAsyncDisposable
{
    private readonly LocalKubeletOptions _options;
    private readonly string _root;
    private readonly string _etcdBinary;
    private readonly Dictionary<string, StaticPod> _pods = new(StringComparer.Ordinal);
    private readonly List<KubeletEvent> _events = [];
    private readonly List<(Func<KubeletEvent, bool> Match, long After, TaskCompletionSource<KubeletEvent> Done)> _waiters = [];
    private readonly Lock _eventLock = new();
    private readonly SemaphoreSlim _syncLock = new(1, 1);
    private CancellationTokenSource? _loopStop;
    private Task? _loop;
    private bool _disposed;

    /// <summary>Prepares a kubelet; nothing runs until <see cref="StartAsync"/>.</summary>
    /// <exception cref="FileNotFoundException">No etcd binary was given and none is on PATH.</exception>
    public LocalKubelet(LocalKubeletOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _root = Path.GetFullPath(options.Root);
        ManifestsDirectory = options.ManifestsDirectory is { } dir
            ? Path.GetFullPath(dir)
            : HostPaths.Under(_root, "/etc/kubernetes/manifests");
        _etcdBinary = options.EtcdBinary ?? EtcdBinary.FindOnPath();
    }

    /// <summary>The folder watched.</summary>
    public string ManifestsDirectory { get; }

    /// <summary>Every event so far, oldest first.</summary>
    public IReadOnlyList<KubeletEvent> Events
    {
        get
        {
            lock (_eventLock)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>The sequence number of the newest event (0 before the first).</summary>
    public long LastSequence
    {
        get
        {
            lock (_eventLock)
            {
                return _events.Count;
            }
        }
    }

    /// <summary>Reads the folder once, starting what it holds, then keeps watching in the background.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_loop is not null)
        {
            throw new InvalidOperationException("the kubelet is already running");
        }

        await SyncAsync(cancellationToken).ConfigureAwait(false);
        _loopStop = new CancellationTokenSource();
        _loop = Task.Run(() => LoopAsync(_loopStop.Token), CancellationToken.None);
    }

    /// <summary>One pass over the folder and the running containers (the background loop calls this too).</summary>
    public async Task SyncAsync(CancellationToken cancellationToken = default)
    {
        await _syncLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var files = ReadFolder();
            foreach (var gone in _pods.Keys.Where(k => !files.ContainsKey(k)).ToList())
            {
                await StopPodAsync(_pods[gone], "manifest removed").ConfigureAwait(false);
                _pods.Remove(gone);
            }

            foreach (var (name, (bytes, hash)) in files)
            {
                if (!_pods.TryGetValue(name, out var pod))
                {
                    _pods[name] = StartPod(name, bytes, hash, "manifest added", restarts: 0);
                }
                else if (pod.Hash != hash)
                {
                    await StopPodAsync(pod, "manifest changed").ConfigureAwait(false);
                    _pods[name] = StartPod(name, bytes, hash, "manifest changed", restarts: 0);
                }
                else
                {
                    SuperviseRunning(pod, bytes);
                }
            }
        }
        finally
        {
            _syncLock.Release();
        }
    }

    /// <summary>Waits for the first event after sequence <paramref name="after"/> that <paramref name="match"/> accepts.</summary>
    /// <exception cref="TimeoutException">None came within <paramref name="timeout"/>.</exception>
    public async Task<KubeletEvent> WaitForEventAsync(Func<KubeletEvent, bool> match, long after, TimeSpan timeout,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(match);
        var done = new TaskCompletionSource<KubeletEvent>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_eventLock)
        {
            if (_events.Skip((int)after).FirstOrDefault(match) is { } past)
            {
                return past;
            }

            _waiters.Add((match, after, done));
        }

        try
        {
            return await done.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            lock (_eventLock)
            {
                _waiters.RemoveAll(w => w.Done == done);
            }
        }
    }

    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled, then stops every pod.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Asked to stop: fall through to the shutdown.
        }

        await StopAsync().ConfigureAwait(false);
    }

    /// <summary>Stops watching and stops every pod (SIGTERM, then SIGKILL after the grace period).</summary>
    public async Task StopAsync()
    {
        if (_loopStop is { } stop)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            if (_loop is { } loop)
            {
                await loop.ConfigureAwait(false);
            }

            stop.Dispose();
            _loopStop = null;
            _loop = null;
        }

        await _syncLock.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var pod in _pods.Values)
            {
                await StopPodAsync(pod, "kubelet stopping").ConfigureAwait(false);
            }

            _pods.Clear();
        }
        finally
        {
            _syncLock.Release();
        }
    }

    /// <summary>Stops every pod; the kubelet cannot be started again.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await StopAsync().ConfigureAwait(false);
        _syncLock.Dispose();
    }

    private async Task LoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_options.PollInterval, stop).ConfigureAwait(false);
                await SyncAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The folder itself is unreadable for a moment (being replaced, permissions): the real kubelet logs and
                // keeps going, and so do we.
                _options.OnEvent?.Invoke(new KubeletEvent(0, DateTimeOffset.UtcNow, KubeletEventKind.Failed, "", "(kubelet)", true,
                    null, null, "cannot read " + ManifestsDirectory + ": " + e.Message));
            }
        }
    }

    /// <summary>The manifests: every regular file not starting with a dot, with its bytes and their SHA-256.</summary>
    private SortedDictionary<string, (byte[] Bytes, string Hash)> ReadFolder()
    {
        var files = new SortedDictionary<string, (byte[], string)>(StringComparer.Ordinal);
        if (!Directory.Exists(ManifestsDirectory))
        {
            return files;
        }

        foreach (var path in Directory.EnumerateFiles(ManifestsDirectory))
        {
            var name = Path.GetFileName(path);
            if (name.StartsWith('.'))
            {
                continue;
            }

            try
            {
                var bytes = File.ReadAllBytes(path);
                files[name] = (bytes, Convert.ToHexStringLower(SHA256.HashData(bytes)));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Renamed away or being replaced between listing and reading: the next pass sees the new state.
            }
        }

        return files;
    }

    private StaticPod StartPod(string file, byte[] bytes, string hash, string reason, int restarts)
    {
        var pod = StaticPod.Parse(file, bytes, hash, _options.NodeName, Path.Combine(ManifestsDirectory, file));
        pod.Restarts = restarts;
        if (pod.Error is { } error)
        {
            Raise(KubeletEventKind.Failed, pod, null, null, error);
            return pod;
        }

        if (pod.Etcd is null)
        {
            Raise(KubeletEventKind.Started, pod, null, null, reason);
            return pod;
        }

        try
        {
            var launch = ContainerLaunch.Plan(pod.Etcd, _root, _etcdBinary);
            pod.Process = ContainerProcess.Start(launch, LogPath(pod), _root);
            Raise(KubeletEventKind.Started, pod, pod.Process.Pid, null, reason);
        }
        catch (Exception e) when (e is Kubernetes.ManifestException or IOException or UnauthorizedAccessException
            or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            pod.Error = e.Message;
            Raise(KubeletEventKind.Failed, pod, null, null, e.Message);
        }

        return pod;
    }

    /// <summary>Notices a container that exited on its own and restarts it after the back-off (restartPolicy Always).</summary>
    private void SuperviseRunning(StaticPod pod, byte[] bytes)
    {
        if (pod.Process is { HasExited: true } exited && pod.NextStart is null)
        {
            pod.Backoff = pod.Backoff == TimeSpan.Zero
                ? _options.RestartBackoff
                : TimeSpan.FromTicks(Math.Min(pod.Backoff.Ticks * 2, _options.MaxRestartBackoff.Ticks));
            pod.NextStart = DateTimeOffset.UtcNow + pod.Backoff;
            Raise(KubeletEventKind.Exited, pod, exited.Pid, exited.ExitCode,
                $"{exited.LastWords()} (restarting in {pod.Backoff.TotalSeconds:0.#}s; log {exited.LogPath})");
            pod.Process = null;
            exited.Dispose();
        }

        if (pod.NextStart is { } due && DateTimeOffset.UtcNow >= due)
        {
            var backoff = pod.Backoff;
            var restarted = StartPod(pod.File, bytes, pod.Hash, $"restart {pod.Restarts + 1} after exit", pod.Restarts + 1);
            restarted.Backoff = backoff;
            _pods[pod.File] = restarted;
        }
    }

    private async Task StopPodAsync(StaticPod pod, string reason)
    {
        if (pod.Process is { } process)
        {
            pod.Process = null;
            var code = await process.StopAsync(_options.GracePeriod).ConfigureAwait(false);
            Raise(KubeletEventKind.Stopped, pod, process.Pid, code, reason);
            process.Dispose();
        }
        else if (pod.Etcd is null && pod.Error is null)
        {
            Raise(KubeletEventKind.Stopped, pod, null, null, reason);
        }
    }

    private string LogPath(StaticPod pod) =>
        Path.Combine(HostPaths.Under(_root, "/var/log/pods"), $"{pod.Namespace}_{pod.PodName}", pod.Etcd!.Container.Name,
            $"{pod.Restarts}.log");

    private void Raise(KubeletEventKind kind, StaticPod pod, int? pid, int? exitCode, string reason)
    {
        KubeletEvent e;
        List<TaskCompletionSource<KubeletEvent>> done = [];
        lock (_eventLock)
        {
            e = new KubeletEvent(_events.Count + 1, DateTimeOffset.UtcNow, kind, pod.File, pod.PodName, pod.Etcd is null && pod.Error is null,
                pid, exitCode, reason);
            _events.Add(e);
            foreach (var waiter in _waiters.Where(w => e.Sequence > w.After && w.Match(e)))
            {
                done.Add(waiter.Done);
            }
        }

        foreach (var d in done)
        {
            d.TrySetResult(e);
        }

        _options.OnEvent?.Invoke(e);
    }
}
