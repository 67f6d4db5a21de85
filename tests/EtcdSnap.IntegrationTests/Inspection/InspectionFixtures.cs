using System.Runtime.CompilerServices;
using System.Text.Json;
using EtcdSnap.Etcd;
using EtcdSnap.IntegrationTests.Etcd;
using EtcdSnap.Kubernetes.Objects.Samples;
using EtcdSnap.Testing;

namespace EtcdSnap.IntegrationTests.Inspection;

/// <summary>
/// Makes the inspection fixtures with real etcd 3.4: loads <see cref="InspectionDataSet"/> through the EtcdSnap client
/// (etcdctl cannot put values containing NUL bytes), then <c>etcdctl snapshot save</c>, and records
/// <c>etcdctl get "" --prefix -w json</c> next to each snapshot as the independent reference.
/// </summary>
internal static class InspectionFixtures
{
    public static readonly string[] Names = ["demo-before", "demo-after", "encrypted-k8s-prefix"];

    /// <summary>The committed fixtures, in the Core unit tests' source folder.</summary>
    public static string CommittedDirectory([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", "EtcdSnap.Core.Tests", "Inspection", "testdata"));

    public static string Snapshot(string dir, string name) => Path.Combine(dir, name + ".snapshot.db");

    public static string Reference(string dir, string name) => Path.Combine(dir, name + ".etcdctl.json");

    /// <summary>Writes every fixture into <paramref name="dir"/>.</summary>
    public static async Task GenerateAsync(string dir)
    {
        await using (var etcd = await EtcdProcess.StartAsync())
        {
            using var factory = EtcdTestClient.Factory(etcd);
            using var client = factory.CreateMemberClient();
            await PutAllAsync(client, InspectionDataSet.Before());
            await SaveAsync(etcd, dir, "demo-before");
            await ApplyAsync(client, InspectionDataSet.Changes());
            await client.CompactAsync(await RevisionAsync(etcd), physical: true);
            await SaveAsync(etcd, dir, "demo-after");
        }

        await using (var etcd = await EtcdProcess.StartAsync())
        {
            using var factory = EtcdTestClient.Factory(etcd);
            using var client = factory.CreateMemberClient();
            await PutAllAsync(client, InspectionDataSet.EncryptedCustomPrefix());
            await SaveAsync(etcd, dir, "encrypted-k8s-prefix");
        }
    }

    /// <summary>One put per entry, in order, so revisions are the same on every run.</summary>
    public static async Task PutAllAsync(EtcdMemberClient client, IEnumerable<SampleEntry> entries)
    {
        foreach (var e in entries)
        {
            await client.PutAsync(e.Key, e.Value);
        }
    }

    public static async Task ApplyAsync(EtcdMemberClient client, IEnumerable<Step> steps)
    {
        foreach (var s in steps)
        {
            if (s.Value is null)
            {
                Assert.Equal(1, await client.DeleteAsync(s.Key));
            }
            else
            {
                await client.PutAsync(s.Key, s.Value);
            }
        }
    }

    /// <summary><c>etcdctl snapshot save</c>, and etcdctl's view of every live key at that moment.</summary>
    public static async Task SaveAsync(EtcdProcess etcd, string dir, string name)
    {
        await File.WriteAllTextAsync(Reference(dir, name), await etcd.Etcdctl.CheckedAsync("get", "", "--prefix", "-w", "json"));
        await etcd.Etcdctl.CheckedAsync("snapshot", "save", Snapshot(dir, name));
    }

    public static async Task<long> RevisionAsync(EtcdProcess etcd)
    {
        using var doc = JsonDocument.Parse(await etcd.Etcdctl.CheckedAsync("get", "/", "-w", "json"));
        return doc.RootElement.GetProperty("header").GetProperty("revision").GetInt64();
    }
}
