namespace EtcdSnap.Formats;

/// <summary>The bytes of a snapshot, bbolt, WAL or snap file do not match the format.</summary>
/// <remarks>Readers throw only this type on bad input; never an index or null-reference error.</remarks>
public sealed class CorruptDataException : Exception
{
    /// <summary>Creates the exception for a problem at an optional byte offset of <paramref name="path"/>.</summary>
    public CorruptDataException(string path, long? offset, string message, Exception? inner = null)
        : base(offset is null ? $"{path}: {message}" : $"{path} at offset {offset}: {message}", inner)
    {
        Path = path;
        Offset = offset;
        Reason = message;
    }

    /// <summary>The file (or a description of the stream) that holds the bad bytes.</summary>
    public string Path { get; }

    /// <summary>Byte offset of the problem, when known.</summary>
    public long? Offset { get; }

    /// <summary>The problem alone, without path and offset.</summary>
    public string Reason { get; }

    /// <summary>A concrete next step for the user, when there is one.</summary>
    public string? Hint { get; init; }
}
