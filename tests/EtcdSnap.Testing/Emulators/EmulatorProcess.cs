using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using EtcdSnap.Core.Node;

namespace EtcdSnap.Testing.Emulators;

/// <summary>
/// An object-store emulator (s3rver, azurite) installed by tools/object-store-emulators.sh, started on a free
/// port of 127.0.0.1 with its data in a temp dir, and killed on dispose. A missing emulator fails the test with
/// the install command; it is never skipped.
/// </summary>
public sealed class EmulatorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TempDirectory _data;
    private readonly StringBuilder _log = new();

    private EmulatorProcess(Process process, TempDirectory data, int port)
    {
        _process = process;
        _data = data;
        Port = port;
    }

    public int Port { get; }

    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>The installed binary <paramref name="name"/> from node_modules/.bin.</summary>
    public static string Find(string name)
    {
        var dir = Environment.GetEnvironmentVariable("ETCDSNAP_EMULATORS_DIR") is { Length: > 0 } fromEnv
            ? fromEnv
            : Path.Combine(TestPaths.RepositoryRoot(), ".tools");
        var path = Path.Combine(dir, "node_modules", ".bin", name);
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException(
                $"object-store emulator '{name}' is not installed (looked for {path}); " +
                "run `tools/object-store-emulators.sh install` (needs node and npm: apt-get install -y nodejs npm)");
    }

    public static async Task<EmulatorProcess> StartAsync(string name, Func<int, string, IEnumerable<string>> arguments)
    {
        var binary = Find(name);
        var data = new TempDirectory(name);
        var port = LoopbackPorts.Next();
        var psi = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = data.Path,
        };
        foreach (var a in arguments(port, data.Path))
        {
            psi.ArgumentList.Add(a);
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {binary}");
        var emulator = new EmulatorProcess(process, data, port);
        process.OutputDataReceived += (_, e) => emulator.Append(e.Data);
        process.ErrorDataReceived += (_, e) => emulator.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await emulator.WaitForPortAsync(name, TimeSpan.FromSeconds(60));
        }
        catch
        {
            await emulator.DisposeAsync();
            throw;
        }

        return emulator;
    }

    private async Task WaitForPortAsync(string name, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited with {_process.ExitCode} before listening:\n{Log}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
            catch (SocketException)
            {
                throw new TimeoutException($"{name} did not listen on 127.0.0.1:{Port} within {timeout}:\n{Log}");
            }
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _data.Dispose();
    }
}
