using System.Globalization;
using System.Text.Json.Nodes;
using EtcdSnap.Core.Inspection;
using EtcdSnap.Etcd;
using EtcdSnap.IntegrationTests.Etcd;
using EtcdSnap.Kubernetes.Objects;
using EtcdSnap.Testing;

namespace EtcdSnap.IntegrationTests.Inspection;

/// <summary>
/// End to end against real etcd 3.4: a few hundred objects written, updated, deleted, compacted, written again after
/// the compaction (so the snapshot holds tombstones), then <c>etcdctl snapshot save</c>. What <c>ls</c>, <c>get</c>
/// and <c>diff</c> say is checked against etcdctl's view of the live member at the moment of each save.
/// </summary>
public sealed class InspectionEtcdTests
{
    [Fact]
    public async Task LsGetDiff_OnRealSnapshots_AgreeWithEtcdctl()
    {
        // Given a loaded member and a first snapshot
        using var temp = new TempDirectory("inspect-it");
        await using var etcd = await EtcdProcess.StartAsync();
        using var factory = EtcdTestClient.Factory(etcd);
        using var client = factory.CreateMemberClient();
        var data = new LargeClusterData();
        foreach (var (key, value) in data.Written)
        {
            await client.PutAsync(key, value);
        }

        for (var n = 0; n < LargeClusterData.Namespaces; n++)
        {
            for (var p = 0; p < 5; p++)
            {
                await Apply(client, data.Pod(LargeClusterData.Namespace(n), p, "Succeeded"));
                await Apply(client, data.Delete(LargeClusterData.PodKey(n, 40 + p)));
            }
        }

        await client.CompactAsync(await InspectionFixtures.RevisionAsync(etcd), physical: true);
        for (var n = 0; n < LargeClusterData.Namespaces; n += 2)
        {
            await Apply(client, data.Pod(LargeClusterData.Namespace(n), 10, "Failed"));
            await Apply(client, data.Delete(LargeClusterData.PodKey(n, 20))); // a tombstone after the compaction
            await Apply(client, data.Pod(LargeClusterData.Namespace(n), 100, "Pending"));
        }

        var first = temp.Combine("first.db");
        var firstView = await SaveAsync(etcd, first);

        // Then ls agrees with etcdctl on every key, revision and encoding, and on counts per resource and namespace
        var listing = SnapshotInspector.List(first, ObjectFilter.All, new InspectionOptions { VerifyTrailer = true });
        Assert.Equal(firstView.Revision, listing.Revision);
        Assert.Equal(await StatusRevisionAsync(first), listing.Revision);
        var registry = firstView.Keys.Where(k => k.Key.StartsWith("/registry/", StringComparison.Ordinal)
            && !k.Key.StartsWith("/registry/ranges/", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            registry.Select(k => (k.Key, k.CreateRevision, k.ModRevision, InspectionFixturesEncoding(k.Value))),
            listing.Objects.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => (o.Key, o.CreateRevision, o.ModRevision, o.Encoding.ToString())));
        Assert.Equal(
            CountsByResource(await KeysOnlyAsync(etcd)),
            listing.Objects.GroupBy(o => (o.Location.QualifiedResource!, o.Location.Namespace ?? ""))
                .ToDictionary(g => g.Key, g => g.Count())
                .OrderBy(p => p.Key.Item1, StringComparer.Ordinal).ThenBy(p => p.Key.Item2, StringComparer.Ordinal));
        const int demoPods = 8, deletedBefore = 5 * LargeClusterData.Namespaces, deletedAfter = 4, addedAfter = 4;
        Assert.Equal(demoPods + LargeClusterData.PodsPerNamespace * LargeClusterData.Namespaces - deletedBefore - deletedAfter + addedAfter,
            listing.Objects.Count(o => o.Location.Resource == "pods"));
        Assert.Equal(new SecretExposure(2 + 4 * LargeClusterData.Namespaces, 1 + LargeClusterData.Namespaces), listing.Secrets);

        // And get decodes what was written
        foreach (var (key, query) in new[]
        {
            (LargeClusterData.PodKey(0, 10), new ObjectQuery("po", "web-010", "team-00")),
            (LargeClusterData.PodKey(3, 1), new ObjectQuery("pod", "web-001", "team-03")),
            ("/registry/configmaps/team-07/settings", new ObjectQuery("cm", "settings", "team-07")),
        })
        {
            AssertDecoded(data.Metadata[key], firstView.Keys.Single(k => k.Key == key), SnapshotInspector.Get(first, query, new()));
        }

        var widget = SnapshotInspector.Get(first, new ObjectQuery("wdg", "beta", "team-05"), new());
        var writtenWidget = JsonNode.Parse(data.Written["/registry/example.com/widgets/team-05/beta"])!;
        writtenWidget["metadata"]!["resourceVersion"] = Revision(firstView.Keys.Single(k => k.Key == "/registry/example.com/widgets/team-05/beta"));
        Assert.True(JsonNode.DeepEquals(writtenWidget, widget.Document), widget.Document.ToJsonString());
        var vault = SnapshotInspector.Get(first, new ObjectQuery("secrets", "vault", "team-02"), new());
        Assert.Equal(("kms", "v2", "vault"), ((string?)vault.Document["encryption"]!["provider"], (string?)vault.Document["encryption"]!["version"],
            (string?)vault.Document["encryption"]!["plugin"]));
        Assert.Throws<ObjectNotFoundException>(() => SnapshotInspector.Get(first, new ObjectQuery("po", "web-020", "team-00"), new()));

        // When known changes are made and a second snapshot is saved
        List<Step> changes =
        [
            data.Pod("team-01", 200, "Pending") with { Expect = Expect.Added },
            data.Pod("team-06", 201, "Pending") with { Expect = Expect.Added },
            data.Delete(LargeClusterData.PodKey(1, 0)),
            data.Delete("/registry/secrets/team-04/db"),
            data.Pod("team-02", 3, "Failed"),
            new("/registry/configmaps/team-03/settings", data.Written["/registry/configmaps/team-03/settings"], Expect.Rewritten),
            new("/registry/example.com/widgets/team-07/alpha", null, Expect.Recreated),
            data.Widget("team-07", "alpha", 1, uid: "9d1c3c1e-5b7a-4f1e-8c2d-1a2b3c4d5e6f") with { Expect = Expect.Recreated },
            new("/registry/secrets/team-00/api", InspectionDataSet.Encrypted("aesgcm", "key2", 999), Expect.Changed),
        ];
        foreach (var step in changes)
        {
            await Apply(client, step);
        }

        var second = temp.Combine("second.db");
        await SaveAsync(etcd, second);

        // Then diff reports exactly those changes
        var diff = SnapshotInspector.Compare(first, second, ObjectFilter.All, new());
        List<string> Expected(params Expect[] kinds) =>
            [.. changes.Where(c => kinds.Contains(c.Expect)).Select(c => c.Key).Distinct().Order(StringComparer.Ordinal)];
        Assert.Equal(Expected(Expect.Added), diff.Added.Select(o => o.Key).Order(StringComparer.Ordinal));
        Assert.Equal(Expected(Expect.Removed), diff.Removed.Select(o => o.Key).Order(StringComparer.Ordinal));
        Assert.Equal(Expected(Expect.Changed, Expect.Recreated), diff.Changed.Select(c => c.New.Key).Order(StringComparer.Ordinal));
        Assert.Equal(Expected(Expect.Recreated), diff.Changed.Where(c => c.Recreated).Select(c => c.New.Key));
        Assert.Equal(Expected(Expect.Rewritten), diff.Rewritten.Select(c => c.New.Key));
        Assert.Equal(listing.Objects.Count - Expected(Expect.Removed).Count - Expected(Expect.Changed, Expect.Recreated).Count
            - Expected(Expect.Rewritten).Count, diff.Unchanged);
    }

    private static async Task Apply(EtcdMemberClient client, Step step)
    {
        if (step.Value is null)
        {
            Assert.Equal(1, await client.DeleteAsync(step.Key));
        }
        else
        {
            await client.PutAsync(step.Key, step.Value);
        }
    }

    /// <summary>etcdctl's view of the member, then <c>etcdctl snapshot save</c>, with no write in between.</summary>
    private static async Task<(long Revision, List<EtcdctlKey> Keys)> SaveAsync(EtcdProcess etcd, string path)
    {
        var view = EtcdctlKeys.Parse(await etcd.Etcdctl.CheckedAsync("get", "", "--prefix", "-w", "json"));
        await etcd.Etcdctl.CheckedAsync("snapshot", "save", path);
        return view;
    }

    private static async Task<List<string>> KeysOnlyAsync(EtcdProcess etcd) =>
        [.. EtcdctlKeys.Parse(await etcd.Etcdctl.CheckedAsync("get", "/registry", "--prefix", "--keys-only", "-w", "json")).Keys.Select(k => k.Key)];

    private static async Task<long> StatusRevisionAsync(string path)
    {
        var r = await Etcdctl.OfflineAsync("snapshot", "status", "-w", "json", path);
        r.EnsureSuccess("etcdctl snapshot status");
        using var doc = System.Text.Json.JsonDocument.Parse(r.Stdout);
        return doc.RootElement.GetProperty("revision").GetInt64();
    }

    /// <summary>Counts per resource and namespace from bare key names, with this test's own table of the data set's
    /// prefixes (independent of EtcdSnap's).</summary>
    private static IEnumerable<KeyValuePair<(string, string), int>> CountsByResource(IEnumerable<string> keys)
    {
        var builtIn = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["minions"] = "nodes",
            ["deployments"] = "deployments.apps",
            ["replicasets"] = "replicasets.apps",
            ["daemonsets"] = "daemonsets.apps",
            ["leases"] = "leases.coordination.k8s.io",
            ["priorityclasses"] = "priorityclasses.scheduling.k8s.io",
            ["clusterroles"] = "clusterroles.rbac.authorization.k8s.io",
        };
        return keys
            .Where(k => !k.StartsWith("/registry/ranges/", StringComparison.Ordinal))
            .Select(k => k["/registry/".Length..].Split('/'))
            .Select(s => s switch
            {
                ["services", "specs", .. var rest] => ("services", rest),
                ["services", "endpoints", .. var rest] => ("endpoints", rest),
                [var group, var plural, .. var rest] when group.Contains('.', StringComparison.Ordinal) => ($"{plural}.{group}", rest),
                [var first, .. var rest] => (builtIn.GetValueOrDefault(first, first), rest),
                _ => throw new InvalidOperationException(string.Join('/', s)),
            })
            .GroupBy(p => (p.Item1, p.rest.Length == 2 ? p.rest[0] : ""))
            .ToDictionary(g => g.Key, g => g.Count())
            .OrderBy(p => p.Key.Item1, StringComparer.Ordinal).ThenBy(p => p.Key.Item2, StringComparer.Ordinal);
    }

    private static void AssertDecoded(ObjectMeta written, EtcdctlKey etcdctl, SnapshotObjectDetail detail)
    {
        var m = detail.Document["metadata"]!;
        Assert.Equal(written.Name, (string?)m["name"]);
        Assert.Equal(written.Namespace, (string?)m["namespace"]);
        Assert.Equal(written.Uid, (string?)m["uid"]);
        Assert.Equal(Revision(etcdctl), (string?)m["resourceVersion"]);
        Assert.Equal(written.CreationTimestamp!.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            (string?)m["creationTimestamp"]);
        Assert.Equal(written.Labels.OrderBy(p => p.Key, StringComparer.Ordinal),
            (m["labels"]?.AsObject() ?? []).Select(p => KeyValuePair.Create(p.Key, (string)p.Value!)));
        Assert.Equal(written.OwnerReferences.Select(o => (o.Kind, o.Name, o.Uid)),
            (m["ownerReferences"]?.AsArray() ?? []).Select(o => ((string)o!["kind"]!, (string)o["name"]!, (string)o["uid"]!)));
        Assert.Equal(etcdctl.ModRevision, detail.Summary.ModRevision);
    }

    private static string Revision(EtcdctlKey k) => k.ModRevision.ToString(CultureInfo.InvariantCulture);

    private static string InspectionFixturesEncoding(byte[] value) =>
        value.AsSpan().StartsWith("k8s:enc:"u8) ? "Encrypted"
        : value.AsSpan().StartsWith("k8s\0"u8) ? "Protobuf"
        : value.Length > 0 && value[0] == (byte)'{' ? "Json" : "Other";
}
