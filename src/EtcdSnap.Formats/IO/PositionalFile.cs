using Microsoft.Win32.SafeHandles;

namespace EtcdSnap.Formats.IO;

/// <summary>Read-only, positional (<c>pread</c>) access to the files we inspect.</summary>
internal static class PositionalFile
{
    /// <summary>
    /// Opens a file for reading only. <see cref="FileShare.Read"/> takes a shared advisory lock on Linux, so a db that a
    /// running etcd holds (exclusively locked by bbolt) is refused rather than read while it changes.
    /// </summary>
    public static SafeFileHandle OpenRead(string path) => File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);

    /// <summary>Fills <paramref name="buffer"/> from <paramref name="offset"/>, or throws if the file ends first.</summary>
    public static void ReadExactly(SafeFileHandle handle, string path, Span<byte> buffer, long offset)
    {
        while (!buffer.IsEmpty)
        {
            var n = RandomAccess.Read(handle, buffer, offset);
            if (n == 0)
            {
                throw new CorruptDataException(path, offset, $"unexpected end of file ({buffer.Length} more bytes expected)");
            }

            buffer = buffer[n..];
            offset += n;
        }
    }
}
