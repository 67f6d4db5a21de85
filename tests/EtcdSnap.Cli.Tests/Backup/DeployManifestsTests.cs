using EtcdSnap.Cli.Commands;
using EtcdSnap.Cli.Infrastructure;
using EtcdSnap.Core.Agent;
using EtcdSnap.Testing;
using k8s;
using k8s.Models;

namespace EtcdSnap.Cli.Tests.Backup;

/// <summary>deploy/*.yaml parsed into KubernetesClient's models: the fields that make them work on a kubeadm control plane,
/// and container arguments that etcdsnap's own parser accepts.</summary>
public sealed class DeployManifestsTests
{
    private const string ControlPlaneLabel = "node-role.kubernetes.io/control-plane";

    [Fact]
    public void AgentDaemonSet_ControlPlaneNodesHostNetworkReadOnlyHostPaths()
    {
        var ds = Load<V1DaemonSet>("agent-daemonset.yaml");
        var pod = ds.Spec.Template.Spec;
        var agent = Assert.Single(pod.Containers);

        Assert.Equal("kube-system", ds.Metadata.NamespaceProperty);
        Assert.Equal(ds.Spec.Selector.MatchLabels, ds.Spec.Template.Metadata.Labels);
        AssertControlPlanePod(pod);
        Assert.Equal(pod.TerminationGracePeriodSeconds, 30);
        AssertReadOnlyHostPath(pod, agent, "/etc/kubernetes/pki/etcd");
        AssertReadOnlyHostPath(pod, agent, "/etc/kubernetes/manifests");
        AssertHardened(agent);

        var node = Assert.Single(agent.Env, e => e.Name == "NODE_NAME");
        Assert.Equal("spec.nodeName", node.ValueFrom.FieldRef.FieldPath);
        Assert.Equal("etcdsnap-s3-credentials", Assert.Single(agent.EnvFrom).SecretRef.Name);
        var key = Assert.Single(pod.Volumes, v => v.Secret is not null);
        Assert.Equal("etcdsnap-encryption-key", key.Secret.SecretName);
        Assert.Contains(agent.VolumeMounts, m => m.Name == key.Name && m.ReadOnlyProperty == true);

        Assert.Equal("/healthz", agent.LivenessProbe.HttpGet.Path);
        Assert.Equal("127.0.0.1", agent.LivenessProbe.HttpGet.Host);
        Assert.Equal("9469", agent.LivenessProbe.HttpGet.Port.Value);
        Assert.Equal("agent", agent.Args[0]);
        Assert.Contains("--listen=127.0.0.1:9469", agent.Args);
        Assert.Contains("--encryption-key-file=/etc/etcdsnap/encryption/key", agent.Args);
        var schedule = Assert.Single(agent.Args, a => a.StartsWith("--schedule=", StringComparison.Ordinal));
        BackupSchedule.Parse(schedule["--schedule=".Length..]);
        AssertCliAccepts(agent.Args);
    }

    [Fact]
    public void BackupCronJob_ControlPlaneNodeLocalRepositoryNeverConcurrent()
    {
        var cron = Load<V1CronJob>("cronjob.yaml");
        var pod = cron.Spec.JobTemplate.Spec.Template.Spec;
        var backup = Assert.Single(pod.Containers);

        Assert.Equal("kube-system", cron.Metadata.NamespaceProperty);
        Assert.Equal("Forbid", cron.Spec.ConcurrencyPolicy);
        Assert.Equal("Etc/UTC", cron.Spec.TimeZone);
        BackupSchedule.Parse(cron.Spec.Schedule);
        Assert.Equal("OnFailure", pod.RestartPolicy);
        AssertControlPlanePod(pod);
        AssertReadOnlyHostPath(pod, backup, "/etc/kubernetes/pki/etcd");
        AssertReadOnlyHostPath(pod, backup, "/etc/kubernetes/manifests");
        AssertHardened(backup);

        var backups = Assert.Single(pod.Volumes, v => v.HostPath?.Path == "/var/backups/etcd");
        Assert.Equal("DirectoryOrCreate", backups.HostPath.Type);
        Assert.Contains(backup.VolumeMounts, m => m.Name == backups.Name && m.MountPath == "/var/backups/etcd" && m.ReadOnlyProperty != true);
        Assert.Equal("backup", backup.Args[0]);
        Assert.Contains("--repo=file:///var/backups/etcd", backup.Args);
        AssertCliAccepts(backup.Args);
    }

    private static void AssertControlPlanePod(V1PodSpec pod)
    {
        Assert.True(pod.HostNetwork);
        Assert.Equal("ClusterFirstWithHostNet", pod.DnsPolicy);
        Assert.False(pod.AutomountServiceAccountToken);
        Assert.Equal("", pod.NodeSelector[ControlPlaneLabel]);
        Assert.Contains(pod.Tolerations, t => t.Key == ControlPlaneLabel && t.OperatorProperty == "Exists" && t.Effect == "NoSchedule");
        Assert.Equal("RuntimeDefault", pod.SecurityContext.SeccompProfile.Type);
    }

    private static void AssertReadOnlyHostPath(V1PodSpec pod, V1Container container, string path)
    {
        var volume = Assert.Single(pod.Volumes, v => v.HostPath?.Path == path);
        Assert.Equal("Directory", volume.HostPath.Type);
        var mount = Assert.Single(container.VolumeMounts, m => m.Name == volume.Name);
        Assert.Equal(path, mount.MountPath); // the manifest names host paths; the same paths inside the container
        Assert.True(mount.ReadOnlyProperty);
    }

    private static void AssertHardened(V1Container container)
    {
        Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
        Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
        Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
        Assert.Contains(container.VolumeMounts, m => m.MountPath == "/tmp" && m.ReadOnlyProperty != true);
        Assert.NotNull(container.Resources.Limits["memory"]);
    }

    private static void AssertCliAccepts(IList<string> args)
    {
        var result = CommandTree.Build(new CliConsole(TextWriter.Null, TextWriter.Null, Interactive: false)).Parse([.. args]);
        Assert.Empty(result.Errors.Select(e => e.Message));
    }

    private static T Load<T>(string name)
    {
        var objects = KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot(), "deploy", name)));
        return Assert.IsType<T>(Assert.Single(objects));
    }
}
