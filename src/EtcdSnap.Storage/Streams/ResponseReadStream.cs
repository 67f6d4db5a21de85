namespace EtcdSnap.Storage.Streams;

/// <summary>
/// The body of a download: disposes the response that owns it, and turns network failures in the middle of
/// the body into <see cref="StorageUnavailableException"/> (mapped by the store that opened it).
/// </summary>
internal sealed class ResponseReadStream(IDisposable response, Stream body, Func<Exception, StorageUnavailableException> map)
    : ReadOnlyPipelineStream
{
    protected override async ValueTask<int> ReadCoreAsync(Memory<byte> buffer, bool async, CancellationToken cancellationToken)
    {
        try
        {
            return async
                ? await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)
                : body.Read(buffer.Span);
        }
        catch (Exception e) when (e is IOException or HttpRequestException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw map(e);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            body.Dispose();
            response.Dispose();
        }

        base.Dispose(disposing);
    }
}
