namespace EtcdSnap.Kubernetes.Objects;

// Protobuf field numbers of the Kubernetes messages EtcdSnap reads or writes, written once here.
// Sources (read at these commits; field numbers never change once released):
//   kubernetes/apimachinery @ eed236ce (2026-07-23): pkg/runtime/generated.proto, pkg/apis/meta/v1/generated.proto,
//     pkg/util/intstr/generated.proto; marshal order and always-emitted fields from pkg/runtime/generated.pb.go and
//     pkg/apis/meta/v1/generated.pb.go, Time encoding from pkg/apis/meta/v1/time_proto.go.
//   kubernetes/api @ 10b39a39 (2026-07-24): core/v1/generated.proto, apps/v1/generated.proto.
// metadata is field 1 of every top-level object: all 179 "ObjectMeta metadata" fields in k8s.io/api's generated.proto
// files are numbered 1 (checked at that commit).
internal static class KubernetesProtoFields
{
    /// <summary>The 4-byte prefix of a protobuf-encoded object in etcd: "k8s" + NUL
    /// (apimachinery pkg/runtime/serializer/protobuf/protobuf.go, protoEncodingPrefix).</summary>
    public static ReadOnlySpan<byte> EnvelopeMagic => "k8s\0"u8;

    /// <summary>runtime.Unknown, the envelope after the magic (pkg/runtime/generated.proto).</summary>
    public static class Unknown
    {
        public const int TypeMeta = 1;        // runtime.TypeMeta, always written
        public const int Raw = 2;             // bytes: the object's own message; written when not nil
        public const int ContentEncoding = 3; // string, always written (normally empty)
        public const int ContentType = 4;     // string, always written (normally empty)
    }

    /// <summary>runtime.TypeMeta (note: apiVersion = 1, unlike meta/v1 TypeMeta where kind = 1).</summary>
    public static class RuntimeTypeMeta
    {
        public const int ApiVersion = 1;
        public const int Kind = 2;
    }

    /// <summary>Fields shared by every top-level object message (Pod = {metadata 1, spec 2, status 3}, …).</summary>
    public static class TopLevel
    {
        public const int Metadata = 1;
        public const int Spec = 2;
        public const int Status = 3;
    }

    /// <summary>meta/v1 ObjectMeta.</summary>
    public static class ObjectMeta
    {
        public const int Name = 1;                       // always written
        public const int GenerateName = 2;               // always written
        public const int Namespace = 3;                  // always written
        public const int SelfLink = 4;                   // always written
        public const int Uid = 5;                        // always written
        public const int ResourceVersion = 6;            // always written (empty in etcd: the store clears it)
        public const int Generation = 7;                 // int64, always written
        public const int CreationTimestamp = 8;          // Time, always written (empty message for the zero time)
        public const int DeletionTimestamp = 9;          // Time, when set
        public const int DeletionGracePeriodSeconds = 10; // int64, when set
        public const int Labels = 11;                    // map<string,string>
        public const int Annotations = 12;               // map<string,string>
        public const int OwnerReferences = 13;           // repeated OwnerReference
        public const int Finalizers = 14;                // repeated string
        public const int ManagedFields = 17;             // repeated ManagedFieldsEntry (not decoded)
    }

    /// <summary>meta/v1 OwnerReference (numbers are not in declaration order).</summary>
    public static class OwnerReference
    {
        public const int Kind = 1;
        public const int Name = 3;
        public const int Uid = 4;
        public const int ApiVersion = 5;
        public const int Controller = 6;         // bool, when set
        public const int BlockOwnerDeletion = 7; // bool, when set
    }

    /// <summary>meta/v1 Time (also MicroTime): seconds since the Unix epoch; nanos written as 0 by Time.</summary>
    public static class Time
    {
        public const int Seconds = 1;
        public const int Nanos = 2;
    }

    /// <summary>A map entry message of a protobuf map.</summary>
    public static class MapEntry
    {
        public const int Key = 1;
        public const int Value = 2;
    }

    /// <summary>meta/v1 LabelSelector.</summary>
    public static class LabelSelector
    {
        public const int MatchLabels = 1;
    }

    /// <summary>apps/v1 DeploymentSpec and ReplicaSetSpec share these three numbers.</summary>
    public static class WorkloadSpec
    {
        public const int Replicas = 1;
        public const int Selector = 2;
        public const int Template = 3;
    }

    /// <summary>apps/v1 DaemonSetSpec.</summary>
    public static class DaemonSetSpec
    {
        public const int Selector = 1;
        public const int Template = 2;
    }

    /// <summary>apps/v1 DeploymentStatus.</summary>
    public static class DeploymentStatus
    {
        public const int ObservedGeneration = 1;
        public const int Replicas = 2;
        public const int UpdatedReplicas = 3;
        public const int AvailableReplicas = 4;
        public const int ReadyReplicas = 7;
    }

    /// <summary>apps/v1 ReplicaSetStatus.</summary>
    public static class ReplicaSetStatus
    {
        public const int Replicas = 1;
        public const int FullyLabeledReplicas = 2;
        public const int ObservedGeneration = 3;
        public const int ReadyReplicas = 4;
        public const int AvailableReplicas = 5;
    }

    /// <summary>core/v1 PodTemplateSpec.</summary>
    public static class PodTemplateSpec
    {
        public const int Metadata = 1;
        public const int Spec = 2;
    }

    /// <summary>core/v1 PodSpec.</summary>
    public static class PodSpec
    {
        public const int Containers = 2;
        public const int NodeName = 10;
    }

    /// <summary>core/v1 Container and ContainerPort.</summary>
    public static class Container
    {
        public const int Name = 1;
        public const int Image = 2;
        public const int Ports = 6;
        public const int PortContainerPort = 3; // ContainerPort.containerPort
        public const int PortProtocol = 4;      // ContainerPort.protocol
    }

    /// <summary>core/v1 PodStatus.</summary>
    public static class PodStatus
    {
        public const int Phase = 1;
        public const int HostIp = 5;
        public const int PodIp = 6;
    }

    /// <summary>core/v1 ServiceSpec and ServicePort.</summary>
    public static class ServiceSpec
    {
        public const int Ports = 1;
        public const int Selector = 2;
        public const int ClusterIp = 3;
        public const int Type = 4;
        public const int ClusterIps = 18;
        public const int PortName = 1;       // ServicePort.name
        public const int PortProtocol = 2;   // ServicePort.protocol
        public const int PortPort = 3;       // ServicePort.port
        public const int PortTargetPort = 4; // ServicePort.targetPort (IntOrString)
        public const int PortNodePort = 5;   // ServicePort.nodePort
    }

    /// <summary>util/intstr IntOrString.</summary>
    public static class IntOrString
    {
        public const int Type = 1;   // 0 = Int, 1 = String
        public const int IntVal = 2;
        public const int StrVal = 3;
    }

    /// <summary>core/v1 Endpoints, EndpointSubset, EndpointAddress, EndpointPort, ObjectReference.</summary>
    public static class Endpoints
    {
        public const int Subsets = 2;
        public const int SubsetAddresses = 1;
        public const int SubsetPorts = 3;
        public const int AddressIp = 1;
        public const int AddressTargetRef = 2;
        public const int AddressNodeName = 4;
        public const int PortName = 1;
        public const int PortPort = 2;
        public const int PortProtocol = 3;
        public const int ReferenceKind = 1;
        public const int ReferenceNamespace = 2;
        public const int ReferenceName = 3;
        public const int ReferenceUid = 4;
    }

    /// <summary>core/v1 ConfigMap and Secret.</summary>
    public static class ConfigData
    {
        public const int Data = 2;       // ConfigMap map<string,string>, Secret map<string,bytes>
        public const int SecretType = 3; // Secret.type
    }

    /// <summary>core/v1 NamespaceSpec / NamespaceStatus.</summary>
    public static class Namespace
    {
        public const int SpecFinalizers = 1;
        public const int StatusPhase = 1;
    }

    /// <summary>core/v1 RangeAllocation (/registry/ranges/*).</summary>
    public static class RangeAllocation
    {
        public const int Range = 2;
        public const int Data = 3;
    }
}
