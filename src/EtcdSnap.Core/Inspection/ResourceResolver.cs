using System.Text.RegularExpressions;
using EtcdSnap.Kubernetes.Objects;

namespace EtcdSnap.Core.Inspection;

/// <summary>
/// Turns what a user types after <c>kubectl get</c> into a stored resource: plural, singular, kind or short name,
/// optionally qualified by group (<c>deployments.apps</c>, <c>deploy.v1.apps</c>, <c>widgets.example.com</c>).
/// </summary>
/// <remarks>
/// The snapshot plays the part of API discovery: built-in resources first (as kubectl prefers the core groups), then
/// the CustomResourceDefinitions stored in the snapshot, then resources only seen in key names. A name qualified by a
/// group that matches nothing is taken as a custom resource plural (<c>&lt;group&gt;/&lt;plural&gt;</c> keys), which
/// works even when the CRD itself is encrypted or missing.
/// </remarks>
internal sealed partial class ResourceResolver
{
    private readonly List<Candidate>[] _tiers = [[], [], []];

    /// <param name="customResources">CRDs found in the snapshot(s).</param>
    /// <param name="seenInKeys">Object keys of resources not in the built-in table (scope guessed from the key).</param>
    public ResourceResolver(IEnumerable<CustomResourceNames> customResources, IEnumerable<RegistryKey> seenInKeys)
    {
        foreach (var r in BuiltInResource.All)
        {
            _tiers[0].Add(new Candidate(new ResolvedResource(r.Resource, r.Group, r.StoragePrefix, r.Kind, r.Scope),
                [r.Resource, r.Kind.ToLowerInvariant(), .. KubectlShortNames.For(r.StoragePrefix)]));
        }

        foreach (var crd in customResources.DistinctBy(c => (c.Group, c.Plural)))
        {
            _tiers[1].Add(new Candidate(
                new ResolvedResource(crd.Plural, crd.Group, $"{crd.Group}/{crd.Plural}", crd.Kind.Length == 0 ? null : crd.Kind, crd.Scope),
                [crd.Plural, .. new[] { crd.Singular, crd.Kind }.Concat(crd.ShortNames).Select(s => s.ToLowerInvariant())]));
        }

        foreach (var key in seenInKeys.Where(k => k is { Kind: RegistryKeyKind.ApiObject, ScopeIsGuess: true }).DistinctBy(k => k.StoragePrefix))
        {
            _tiers[2].Add(new Candidate(new ResolvedResource(key.Resource!, key.Group ?? "", key.StoragePrefix!, null, ResourceScope.Unknown),
                [key.Resource!]));
        }
    }

    /// <summary>Resolves <paramref name="text"/>.</summary>
    /// <exception cref="UnknownResourceException">Nothing matches, or several resources of the same rank do.</exception>
    public ResolvedResource Resolve(string text)
    {
        var (name, group) = Split(text);
        foreach (var tier in _tiers)
        {
            var matches = tier
                .Where(c => c.Names.Contains(name, StringComparer.Ordinal) && (group is null || c.Resource.Group == group))
                .Select(c => c.Resource)
                .DistinctBy(r => r.StoragePrefix)
                .ToList();
            if (matches.Count == 1)
            {
                return matches[0];
            }

            if (matches.Count > 1)
            {
                // A plural beats someone else's short name, as in kubectl's RESTMapper.
                var plural = matches.Where(m => m.Resource == name).ToList();
                if (plural.Count == 1)
                {
                    return plural[0];
                }

                throw new UnknownResourceException(
                    $"resource \"{text}\" is ambiguous: {string.Join(", ", matches.Select(m => m.QualifiedName).Order(StringComparer.Ordinal))}")
                {
                    Hint = "qualify it with its group, e.g. " + matches[0].QualifiedName,
                };
            }
        }

        if (group is not null && group.Contains('.', StringComparison.Ordinal))
        {
            return new ResolvedResource(name, group, $"{group}/{name}", null, ResourceScope.Unknown);
        }

        throw new UnknownResourceException($"the snapshot has no resource type \"{text}\"")
        {
            Hint = "use a plural, singular, kind or short name (deployments, deployment, deploy, deployments.apps); " +
                "'etcdsnap ls SNAPSHOT' lists the resources the backup holds",
        };
    }

    /// <summary>Splits <c>name[.version].group</c>, lower-cased.</summary>
    /// <exception cref="UnknownResourceException">Empty.</exception>
    internal static (string Name, string? Group) Split(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t.Length == 0 || t.StartsWith('.') || t.EndsWith('.'))
        {
            throw new UnknownResourceException($"invalid resource name \"{text}\"");
        }

        var dot = t.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            return (t, null);
        }

        var name = t[..dot];
        var group = t[(dot + 1)..];
        var version = VersionPrefix().Match(group);
        if (version.Success)
        {
            group = group[version.Length..];
        }

        return (name, group);
    }

    // kubectl's resource.version.group form: a Kubernetes version (v1, v2beta1, v1alpha3) before the group.
    [GeneratedRegex(@"^v[0-9]+((alpha|beta)[0-9]+)?\.")]
    private static partial Regex VersionPrefix();

    private sealed record Candidate(ResolvedResource Resource, string[] Names);
}
