using System.CommandLine;
using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Core.Inspection;

namespace EtcdSnap.Cli.Commands.Inspect;

/// <summary>Arguments and options shared by the offline inspection verbs (a new instance per command).</summary>
internal static class InspectOptions
{
    public static Argument<string> Snapshot(string name = "SNAPSHOT", string? description = null) => new(name)
    {
        Description = description ?? "Snapshot file (from 'etcdctl snapshot save' or 'etcdsnap save'; a raw member/snap/db works too)",
    };

    public static Option<string?> Namespace() => new("--namespace", "-n")
    {
        Description = "Only objects in this namespace (cluster-scoped objects are left out)",
    };

    public static Option<bool> AllNamespaces() => new("--all-namespaces", "-A")
    {
        Description = "Objects of every namespace and cluster-scoped ones (the default; accepted for kubectl habits)",
    };

    public static Option<string?> Resource() => new("--resource")
    {
        Description = "Only this resource, as kubectl names it: pods, po, deployments.apps, deploy, widgets.example.com",
    };

    public static Option<string> EtcdPrefix() => new("--etcd-prefix")
    {
        Description = "kube-apiserver's --etcd-prefix of the cluster",
        DefaultValueFactory = _ => Core.Inspection.EtcdPrefix.Default,
    };

    public static Option<bool> Verify() => new("--verify")
    {
        Description = "Check the snapshot's SHA-256 trailer first (fails on a file without one); inspection itself does not need it",
    };

    public static Option<bool> AllKeys() => new("--all-keys")
    {
        Description = "Also list keys that are not Kubernetes objects (apiserver internals, keys outside the prefix)",
    };

    /// <summary>The prefix in its normal form, or a usage error.</summary>
    public static string CheckPrefix(string prefix)
    {
        try
        {
            return Core.Inspection.EtcdPrefix.Normalize(prefix);
        }
        catch (ArgumentException)
        {
            throw new UsageException($"--etcd-prefix: \"{prefix}\" is empty");
        }
    }

    /// <summary>-n and -A together make no sense.</summary>
    public static string? CheckNamespace(string? ns, bool allNamespaces)
    {
        if (ns is not null && allNamespaces)
        {
            throw new UsageException("--namespace and --all-namespaces cannot be used together");
        }

        if (ns is not null && ns.Length == 0)
        {
            throw new UsageException("--namespace: empty namespace");
        }

        return ns;
    }

    public static InspectionOptions Inspection(string prefix, bool verify) => new() { EtcdPrefix = prefix, VerifyTrailer = verify };

    /// <summary>Runs an inspection, turning the user's lookup mistakes into usage errors (exit 2).</summary>
    public static T Run<T>(Func<T> inspect)
    {
        try
        {
            return inspect();
        }
        catch (UnknownResourceException e)
        {
            throw new UsageException(e.Message) { Hint = e.Hint };
        }
        catch (ObjectNotFoundException e)
        {
            throw new UsageException(e.Message) { Hint = e.Hint };
        }
    }
}
