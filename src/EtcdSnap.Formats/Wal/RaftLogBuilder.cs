using EtcdSnap.Formats.Raft;

namespace EtcdSnap.Formats.Wal;

/// <summary>
/// Assembles the raft log from entry records the way etcd's <c>wal.ReadAll</c> does: an entry at an index already
/// seen replaces it and everything after it (a new leader overwrote an uncommitted tail); a gap is corruption.
/// </summary>
internal sealed class RaftLogBuilder
{
    private readonly List<Entry> _entries = [];

    /// <summary>The log so far, in index order.</summary>
    public IReadOnlyList<Entry> Entries => _entries;

    /// <summary>Adds an entry read from the frame at <paramref name="offset"/> of <paramref name="path"/>.</summary>
    public void Add(Entry entry, string path, long offset)
    {
        if (_entries.Count == 0)
        {
            _entries.Add(entry);
            return;
        }

        var first = _entries[0].Index;
        var next = first + (ulong)_entries.Count;
        if (entry.Index > next)
        {
            // etcd: ErrSliceOutOfRange.
            throw new CorruptDataException(path, offset, $"entry index {entry.Index} leaves a gap after index {next - 1}");
        }

        if (entry.Index < first)
        {
            // Replaces entries older than the first one kept; only possible in a WAL whose start was purged.
            _entries.Clear();
        }
        else
        {
            _entries.RemoveRange((int)(entry.Index - first), (int)(next - entry.Index));
        }

        _entries.Add(entry);
    }
}
