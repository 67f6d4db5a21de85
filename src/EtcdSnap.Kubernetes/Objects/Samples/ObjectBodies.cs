using EtcdSnap.Formats.Protobuf;
using F = EtcdSnap.Kubernetes.Objects.KubernetesProtoFields;

namespace EtcdSnap.Kubernetes.Objects.Samples;

/// <summary>A container of a pod template or pod: name, image and at most one port.</summary>
internal sealed record ContainerSpec(string Name, string Image, int? Port = null, string Protocol = "TCP");

/// <summary>A ServicePort: targetPort is written as an IntOrString of type Int.</summary>
internal sealed record ServicePortSpec(string? Name, string Protocol, int Port, int TargetPort, int? NodePort = null);

/// <summary>An Endpoints address pointing at a pod.</summary>
internal sealed record EndpointTarget(string Ip, string? NodeName, string? PodNamespace, string? PodName, string? PodUid);

/// <summary>
/// Encodes the body fields (after metadata) of the few kinds the demo data set uses, limited to fields whose numbers
/// are written down in <see cref="KubernetesProtoFields"/>. Real objects carry many more fields; a decoder reading
/// these sees absent fields as their zero values.
/// </summary>
internal static class ObjectBodies
{
    public static byte[] Deployment(int replicas, IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> podLabels,
        IReadOnlyList<ContainerSpec> containers, long generation, int ready) =>
        new ProtoWriter()
            .WriteMessage(F.TopLevel.Spec, WorkloadSpec(replicas, selector, podLabels, containers))
            .WriteMessage(F.TopLevel.Status, s => s
                .WriteInt64(F.DeploymentStatus.ObservedGeneration, generation)
                .WriteInt64(F.DeploymentStatus.Replicas, replicas)
                .WriteInt64(F.DeploymentStatus.UpdatedReplicas, replicas)
                .WriteInt64(F.DeploymentStatus.AvailableReplicas, ready)
                .WriteInt64(F.DeploymentStatus.ReadyReplicas, ready))
            .ToArray();

    public static byte[] ReplicaSet(int replicas, IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> podLabels,
        IReadOnlyList<ContainerSpec> containers, long generation, int ready) =>
        new ProtoWriter()
            .WriteMessage(F.TopLevel.Spec, WorkloadSpec(replicas, selector, podLabels, containers))
            .WriteMessage(F.TopLevel.Status, s => s
                .WriteInt64(F.ReplicaSetStatus.Replicas, replicas)
                .WriteInt64(F.ReplicaSetStatus.FullyLabeledReplicas, replicas)
                .WriteInt64(F.ReplicaSetStatus.ObservedGeneration, generation)
                .WriteInt64(F.ReplicaSetStatus.ReadyReplicas, ready)
                .WriteInt64(F.ReplicaSetStatus.AvailableReplicas, ready))
            .ToArray();

    public static byte[] DaemonSet(IReadOnlyDictionary<string, string> selector, IReadOnlyList<ContainerSpec> containers) =>
        new ProtoWriter()
            .WriteMessage(F.TopLevel.Spec, s => s
                .WriteMessage(F.DaemonSetSpec.Selector, Selector(selector))
                .WriteMessage(F.DaemonSetSpec.Template, Template(selector, containers)))
            .ToArray();

    public static byte[] Pod(string nodeName, IReadOnlyList<ContainerSpec> containers, string phase, string hostIp, string podIp) =>
        new ProtoWriter()
            .WriteMessage(F.TopLevel.Spec, PodSpec(nodeName, containers))
            .WriteMessage(F.TopLevel.Status, s => s
                .WriteString(F.PodStatus.Phase, phase)
                .WriteString(F.PodStatus.HostIp, hostIp)
                .WriteString(F.PodStatus.PodIp, podIp))
            .ToArray();

    public static byte[] Service(string type, string clusterIp, IReadOnlyDictionary<string, string>? selector,
        IReadOnlyList<ServicePortSpec> ports) =>
        new ProtoWriter()
            .WriteMessage(F.TopLevel.Spec, s =>
            {
                foreach (var p in ports)
                {
                    s.WriteMessage(F.ServiceSpec.Ports, sp =>
                    {
                        if (p.Name is not null)
                        {
                            sp.WriteString(F.ServiceSpec.PortName, p.Name);
                        }

                        sp.WriteString(F.ServiceSpec.PortProtocol, p.Protocol)
                          .WriteInt64(F.ServiceSpec.PortPort, p.Port)
                          .WriteMessage(F.ServiceSpec.PortTargetPort, t => t
                              .WriteInt64(F.IntOrString.Type, 0)
                              .WriteInt64(F.IntOrString.IntVal, p.TargetPort));
                        if (p.NodePort is { } nodePort)
                        {
                            sp.WriteInt64(F.ServiceSpec.PortNodePort, nodePort);
                        }
                    });
                }

                s.WriteStringMap(F.ServiceSpec.Selector, selector)
                 .WriteString(F.ServiceSpec.ClusterIp, clusterIp)
                 .WriteString(F.ServiceSpec.Type, type)
                 .WriteString(F.ServiceSpec.ClusterIps, clusterIp);
            })
            .ToArray();

    public static byte[] Endpoints(IReadOnlyList<EndpointTarget> addresses, IReadOnlyList<(string? Name, int Port, string Protocol)> ports) =>
        new ProtoWriter()
            .WriteMessage(F.Endpoints.Subsets, subset =>
            {
                foreach (var a in addresses)
                {
                    subset.WriteMessage(F.Endpoints.SubsetAddresses, address =>
                    {
                        address.WriteString(F.Endpoints.AddressIp, a.Ip);
                        if (a.PodName is not null)
                        {
                            address.WriteMessage(F.Endpoints.AddressTargetRef, r => r
                                .WriteString(F.Endpoints.ReferenceKind, "Pod")
                                .WriteString(F.Endpoints.ReferenceNamespace, a.PodNamespace ?? "")
                                .WriteString(F.Endpoints.ReferenceName, a.PodName)
                                .WriteString(F.Endpoints.ReferenceUid, a.PodUid ?? ""));
                        }

                        if (a.NodeName is not null)
                        {
                            address.WriteString(F.Endpoints.AddressNodeName, a.NodeName);
                        }
                    });
                }

                foreach (var (name, port, protocol) in ports)
                {
                    subset.WriteMessage(F.Endpoints.SubsetPorts, p =>
                    {
                        if (name is not null)
                        {
                            p.WriteString(F.Endpoints.PortName, name);
                        }

                        p.WriteInt64(F.Endpoints.PortPort, port).WriteString(F.Endpoints.PortProtocol, protocol);
                    });
                }
            })
            .ToArray();

    public static byte[] ConfigMap(IReadOnlyDictionary<string, string> data) =>
        new ProtoWriter().WriteStringMap(F.ConfigData.Data, data).ToArray();

    public static byte[] Secret(IReadOnlyDictionary<string, byte[]> data, string type) =>
        new ProtoWriter().WriteBytesMap(F.ConfigData.Data, data).WriteString(F.ConfigData.SecretType, type).ToArray();

    public static byte[] Namespace() =>
        new ProtoWriter()
            .WriteMessage(F.TopLevel.Spec, s => s.WriteString(F.Namespace.SpecFinalizers, "kubernetes"))
            .WriteMessage(F.TopLevel.Status, s => s.WriteString(F.Namespace.StatusPhase, "Active"))
            .ToArray();

    public static byte[] RangeAllocation(string range, byte[] data) =>
        new ProtoWriter().WriteString(F.RangeAllocation.Range, range).WriteBytes(F.RangeAllocation.Data, data).ToArray();

    private static ProtoWriter WorkloadSpec(int replicas, IReadOnlyDictionary<string, string> selector,
        IReadOnlyDictionary<string, string> podLabels, IReadOnlyList<ContainerSpec> containers) =>
        new ProtoWriter()
            .WriteInt64(F.WorkloadSpec.Replicas, replicas)
            .WriteMessage(F.WorkloadSpec.Selector, Selector(selector))
            .WriteMessage(F.WorkloadSpec.Template, Template(podLabels, containers));

    private static ProtoWriter Selector(IReadOnlyDictionary<string, string> matchLabels) =>
        new ProtoWriter().WriteStringMap(F.LabelSelector.MatchLabels, matchLabels);

    private static ProtoWriter Template(IReadOnlyDictionary<string, string> labels, IReadOnlyList<ContainerSpec> containers) =>
        new ProtoWriter()
            .WriteMessage(F.PodTemplateSpec.Metadata, KubernetesObjectEncoder.EncodeObjectMeta(new ObjectMeta { Labels = labels }))
            .WriteMessage(F.PodTemplateSpec.Spec, PodSpec(null, containers));

    private static ProtoWriter PodSpec(string? nodeName, IReadOnlyList<ContainerSpec> containers)
    {
        var w = new ProtoWriter();
        foreach (var c in containers)
        {
            w.WriteMessage(F.PodSpec.Containers, cw =>
            {
                cw.WriteString(F.Container.Name, c.Name).WriteString(F.Container.Image, c.Image);
                if (c.Port is { } port)
                {
                    cw.WriteMessage(F.Container.Ports, p => p
                        .WriteInt64(F.Container.PortContainerPort, port)
                        .WriteString(F.Container.PortProtocol, c.Protocol));
                }
            });
        }

        if (nodeName is not null)
        {
            w.WriteString(F.PodSpec.NodeName, nodeName);
        }

        return w;
    }
}
