namespace EtcdSnap.Core.Snapshots;

// TODO(merge): replace with the shared EtcdSnap.Formats.IO.DurableFile once it lands.
internal static class PrivateFile
{
    public static async Task WriteAllBytesAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        var part = path + ".part";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            await using (var stream = new FileStream(part, options))
            {
                await stream.WriteAsync(bytes, cancellationToken);
                stream.Flush(flushToDisk: true);
            }

            File.Move(part, path, overwrite: false);
        }
        finally
        {
            File.Delete(part);
        }
    }
}
