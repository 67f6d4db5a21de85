namespace EtcdSnap.Testing;

/// <summary>The real etcdctl (API v3) pointed at one endpoint: the independent reference in tests.</summary>
public sealed class Etcdctl(string endpoint, EtcdTlsFiles? tls = null)
{
    public string Endpoint { get; } = endpoint;

    public Task<ProcessResult> RunAsync(IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var all = new List<string> { "--endpoints", Endpoint, "--dial-timeout=3s" };
        if (tls is not null)
        {
            all.AddRange(["--cacert", tls.CaCert, "--cert", tls.ClientCert, "--key", tls.ClientKey]);
        }

        all.AddRange(args);
        return ProcessRunner.RunAsync(EtcdBinaries.Etcdctl, all, timeout, new Dictionary<string, string?> { ["ETCDCTL_API"] = "3" });
    }

    public async Task<string> CheckedAsync(params string[] args)
    {
        var r = await RunAsync(args);
        r.EnsureSuccess("etcdctl " + string.Join(' ', args));
        return r.Stdout;
    }

    public Task PutAsync(string key, string value) => CheckedAsync("put", key, value);

    /// <summary>Offline commands (snapshot status/restore) that take no endpoint.</summary>
    public static Task<ProcessResult> OfflineAsync(params string[] args) =>
        ProcessRunner.RunAsync(EtcdBinaries.Etcdctl, args, TimeSpan.FromMinutes(5),
            new Dictionary<string, string?> { ["ETCDCTL_API"] = "3" });
}
