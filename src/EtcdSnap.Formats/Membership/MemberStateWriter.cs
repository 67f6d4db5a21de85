using EtcdSnap.Formats.IO;
using EtcdSnap.Formats.Snap;
using EtcdSnap.Formats.Wal;

namespace EtcdSnap.Formats.Membership;

/// <summary>Writes the WAL directory and the <c>.snap</c> file of a <see cref="RestoredMemberState"/>.</summary>
public static class MemberStateWriter
{
    /// <summary>
    /// Writes <c>state.SnapFileName</c> into <paramref name="snapDir"/> (created 0700 if missing), then builds the WAL
    /// in <c>walDir.tmp</c> and renames it to <paramref name="walDir"/>, which must not exist. Files are 0600 and
    /// fsynced. Writing the WAL last means a crash leaves no WAL, so the directory is never mistaken for a member.
    /// </summary>
    /// <param name="state">What to write.</param>
    /// <param name="walDir">The WAL directory to create (normally <c>&lt;data-dir&gt;/member/wal</c>).</param>
    /// <param name="snapDir">The snap directory (normally <c>&lt;data-dir&gt;/member/snap</c>).</param>
    /// <param name="preallocate">Extend the segment to 64,000,000 bytes as etcd does; false leaves it at its data.</param>
    /// <returns>The paths of the WAL segment and of the snap file.</returns>
    /// <exception cref="IOException">The WAL directory or the snap file already exists, or writing failed.</exception>
    public static (string WalSegment, string SnapFile) Write(RestoredMemberState state, string walDir, string snapDir, bool preallocate = true)
    {
        ArgumentNullException.ThrowIfNull(state);
        DurableFile.CreatePrivateDirectory(snapDir);
        var snapPath = SnapFile.Write(snapDir, state.RaftSnapshot);
        try
        {
            using var wal = WalWriter.Create(walDir, state.Metadata, new WalWriterOptions
            {
                Preallocate = preallocate,
                RequireSnapshotConfState = state.Options.SnapshotForm == WalSnapshotForm.WithConfState,
            });
            wal.Save(state.HardState, state.Entries);
            wal.SaveSnapshot(state.SnapshotRecord);
            wal.Commit();
            return (wal.SegmentPaths.Single(), snapPath);
        }
        catch
        {
            File.Delete(snapPath);
            throw;
        }
    }
}
