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
            .Message(F.TopLevel.Spec, WorkloadSpec(replicas, selector, podLabels, containers))
            .Message(F.TopLevel.Status, s => s
                .Int(F.DeploymentStatus.ObservedGeneration, generation)
                .Int(F.DeploymentStatus.Replicas, replicas)
                .Int(F.DeploymentStatus.UpdatedReplicas, replicas)
                .Int(F.DeploymentStatus.AvailableReplicas, ready)
                .Int(F.DeploymentStatus.ReadyReplicas, ready))
            .ToArray();

    public static byte[] ReplicaSet(int replicas, IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> podLabels,
        IReadOnlyList<ContainerSpec> containers, long generation, int ready) =>
        new ProtoWriter()
            .Message(F.TopLevel.Spec, WorkloadSpec(replicas, selector, podLabels, containers))
            .Message(F.TopLevel.Status, s => s
                .Int(F.ReplicaSetStatus.Replicas, replicas)
                .Int(F.ReplicaSetStatus.FullyLabeledReplicas, replicas)
                .Int(F.ReplicaSetStatus.ObservedGeneration, generation)
                .Int(F.ReplicaSetStatus.ReadyReplicas, ready)
                .Int(F.ReplicaSetStatus.AvailableReplicas, ready))
            .ToArray();

    public static byte[] DaemonSet(IReadOnlyDictionary<string, string> selector, IReadOnlyList<ContainerSpec> containers) =>
        new ProtoWriter()
            .Message(F.TopLevel.Spec, s => s
                .Message(F.DaemonSetSpec.Selector, Selector(selector))
                .Message(F.DaemonSetSpec.Template, Template(selector, containers)))
            .ToArray();

    public static byte[] Pod(string nodeName, IReadOnlyList<ContainerSpec> containers, string phase, string hostIp, string podIp) =>
        new ProtoWriter()
            .Message(F.TopLevel.Spec, PodSpec(nodeName, containers))
            .Message(F.TopLevel.Status, s => s
                .String(F.PodStatus.Phase, phase)
                .String(F.PodStatus.HostIp, hostIp)
                .String(F.PodStatus.PodIp, podIp))
            .ToArray();

    public static byte[] Service(string type, string clusterIp, IReadOnlyDictionary<string, string>? selector,
        IReadOnlyList<ServicePortSpec> ports) =>
        new ProtoWriter()
            .Message(F.TopLevel.Spec, s =>
            {
                foreach (var p in ports)
                {
                    s.Message(F.ServiceSpec.Ports, sp =>
                    {
                        if (p.Name is not null)
                        {
                            sp.String(F.ServiceSpec.PortName, p.Name);
                        }

                        sp.String(F.ServiceSpec.PortProtocol, p.Protocol)
                          .Int(F.ServiceSpec.PortPort, p.Port)
                          .Message(F.ServiceSpec.PortTargetPort, t => t.Int(F.IntOrString.Type, 0).Int(F.IntOrString.IntVal, p.TargetPort));
                        if (p.NodePort is { } nodePort)
                        {
                            sp.Int(F.ServiceSpec.PortNodePort, nodePort);
                        }
                    });
                }

                s.StringMap(F.ServiceSpec.Selector, selector)
                 .String(F.ServiceSpec.ClusterIp, clusterIp)
                 .String(F.ServiceSpec.Type, type)
                 .String(F.ServiceSpec.ClusterIps, clusterIp);
            })
            .ToArray();

    public static byte[] Endpoints(IReadOnlyList<EndpointTarget> addresses, IReadOnlyList<(string? Name, int Port, string Protocol)> ports) =>
        new ProtoWriter()
            .Message(F.Endpoints.Subsets, subset =>
            {
                foreach (var a in addresses)
                {
                    subset.Message(F.Endpoints.SubsetAddresses, address =>
                    {
                        address.String(F.Endpoints.AddressIp, a.Ip);
                        if (a.PodName is not null)
                        {
                            address.Message(F.Endpoints.AddressTargetRef, r => r
                                .String(F.Endpoints.ReferenceKind, "Pod")
                                .String(F.Endpoints.ReferenceNamespace, a.PodNamespace ?? "")
                                .String(F.Endpoints.ReferenceName, a.PodName)
                                .String(F.Endpoints.ReferenceUid, a.PodUid ?? ""));
                        }

                        if (a.NodeName is not null)
                        {
                            address.String(F.Endpoints.AddressNodeName, a.NodeName);
                        }
                    });
                }

                foreach (var (name, port, protocol) in ports)
                {
                    subset.Message(F.Endpoints.SubsetPorts, p =>
                    {
                        if (name is not null)
                        {
                            p.String(F.Endpoints.PortName, name);
                        }

                        p.Int(F.Endpoints.PortPort, port).String(F.Endpoints.PortProtocol, protocol);
                    });
                }
            })
            .ToArray();

    public static byte[] ConfigMap(IReadOnlyDictionary<string, string> data) =>
        new ProtoWriter().StringMap(F.ConfigData.Data, data).ToArray();

    public static byte[] Secret(IReadOnlyDictionary<string, byte[]> data, string type) =>
        new ProtoWriter().BytesMap(F.ConfigData.Data, data).String(F.ConfigData.SecretType, type).ToArray();

    public static byte[] Namespace() =>
        new ProtoWriter()
            .Message(F.TopLevel.Spec, s => s.String(F.Namespace.SpecFinalizers, "kubernetes"))
            .Message(F.TopLevel.Status, s => s.String(F.Namespace.StatusPhase, "Active"))
            .ToArray();

    public static byte[] RangeAllocation(string range, byte[] data) =>
        new ProtoWriter().String(F.RangeAllocation.Range, range).Bytes(F.RangeAllocation.Data, data).ToArray();

    private static ProtoWriter WorkloadSpec(int replicas, IReadOnlyDictionary<string, string> selector,
        IReadOnlyDictionary<string, string> podLabels, IReadOnlyList<ContainerSpec> containers) =>
        new ProtoWriter()
            .Int(F.WorkloadSpec.Replicas, replicas)
            .Message(F.WorkloadSpec.Selector, Selector(selector))
            .Message(F.WorkloadSpec.Template, Template(podLabels, containers));

    private static ProtoWriter Selector(IReadOnlyDictionary<string, string> matchLabels) =>
        new ProtoWriter().StringMap(F.LabelSelector.MatchLabels, matchLabels);

    private static ProtoWriter Template(IReadOnlyDictionary<string, string> labels, IReadOnlyList<ContainerSpec> containers) =>
        new ProtoWriter()
            .Message(F.PodTemplateSpec.Metadata, KubernetesObjectEncoder.EncodeObjectMeta(new ObjectMeta { Labels = labels }))
            .Message(F.PodTemplateSpec.Spec, PodSpec(null, containers));

    private static ProtoWriter PodSpec(string? nodeName, IReadOnlyList<ContainerSpec> containers)
    {
        var w = new ProtoWriter();
        foreach (var c in containers)
        {
            w.Message(F.PodSpec.Containers, cw =>
            {
                cw.String(F.Container.Name, c.Name).String(F.Container.Image, c.Image);
                if (c.Port is { } port)
                {
                    cw.Message(F.Container.Ports, p => p.Int(F.Container.PortContainerPort, port).String(F.Container.PortProtocol, c.Protocol));
                }
            });
        }

        if (nodeName is not null)
        {
            w.String(F.PodSpec.NodeName, nodeName);
        }

        return w;
    }
}
