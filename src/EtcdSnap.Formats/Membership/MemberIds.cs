using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EtcdSnap.Formats.Membership;

/// <summary>
/// How etcd derives member and cluster IDs at bootstrap (etcd <c>etcdserver/api/membership/member.go</c> newMember,
/// <c>cluster.go</c> genID) and how it prints them (<c>types.ID.String()</c>).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms",
    Justification = "etcd derives IDs with SHA-1; this reproduces them and protects nothing.")]
public static class MemberIds
{
    /// <summary>
    /// The member ID: the first 8 bytes (big-endian) of SHA-1 over the sorted peer URLs concatenated without separator,
    /// followed by the cluster token. (Members added at run time also hash a timestamp; bootstrap never does.)
    /// </summary>
    public static ulong ComputeMemberId(IEnumerable<string> peerUrls, string token)
    {
        ArgumentNullException.ThrowIfNull(peerUrls);
        ArgumentNullException.ThrowIfNull(token);
        var input = new StringBuilder();
        foreach (var url in peerUrls.Order(StringComparer.Ordinal))
        {
            input.Append(url);
        }

        input.Append(token);
        return FirstEightBytes(SHA1.HashData(Encoding.UTF8.GetBytes(input.ToString())));
    }

    /// <summary>The cluster ID: the first 8 bytes of SHA-1 over the member IDs, ascending, each as 8 big-endian bytes.</summary>
    public static ulong ComputeClusterId(IEnumerable<ulong> memberIds)
    {
        ArgumentNullException.ThrowIfNull(memberIds);
        var ids = memberIds.Order().ToArray();
        var buffer = new byte[8 * ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            BinaryPrimitives.WriteUInt64BigEndian(buffer.AsSpan(8 * i), ids[i]);
        }

        return FirstEightBytes(SHA1.HashData(buffer));
    }

    /// <summary>An ID as etcd prints it: lower-case hex without leading zeros (Go <c>%x</c>), e.g. <c>8e9e05c52164694d</c>.</summary>
    public static string ToHex(ulong id) => id.ToString("x", CultureInfo.InvariantCulture);

    private static ulong FirstEightBytes(ReadOnlySpan<byte> hash) => BinaryPrimitives.ReadUInt64BigEndian(hash);
}
