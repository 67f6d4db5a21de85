using EtcdSnap.Etcd;
using EtcdSnap.Testing;

namespace EtcdSnap.IntegrationTests.Etcd;

/// <summary>Library clients for harness-started etcd members, with the same certificate files etcdctl uses.</summary>
internal static class EtcdTestClient
{
    public static EtcdClientFactory Factory(EtcdProcess etcd, TimeSpan? dialTimeout = null, TimeSpan? commandTimeout = null) =>
        EtcdClientFactory.Create(Options(etcd) with { DialTimeout = dialTimeout, CommandTimeout = commandTimeout });

    public static EtcdConnectionOptions Options(EtcdProcess etcd) => new()
    {
        Endpoints = [etcd.ClientUrl],
        CaCertPath = etcd.Options.Tls?.CaCert,
        ClientCertPath = etcd.Options.Tls?.ClientCert,
        ClientKeyPath = etcd.Options.Tls?.ClientKey,
    };

    /// <summary>Writes <paramref name="count"/> keys of <paramref name="valueSize"/> random bytes, several at a time.</summary>
    public static async Task LoadAsync(EtcdMemberClient client, string prefix, int count, int valueSize, int parallelism = 8)
    {
        var value = System.Security.Cryptography.RandomNumberGenerator.GetBytes(valueSize);
        using var gate = new SemaphoreSlim(parallelism);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync();
            try
            {
                await client.PutAsync($"{prefix}{i:D6}", value);
            }
            finally
            {
                gate.Release();
            }
        }));
    }
}

/// <summary>An <see cref="IProgress{T}"/> that runs on the reporting thread, so a test can act at an exact point.</summary>
internal sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
