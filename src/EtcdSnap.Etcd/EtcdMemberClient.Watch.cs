using System.Runtime.CompilerServices;
using Etcdserverpb;
using Google.Protobuf;
using Grpc.Core;

namespace EtcdSnap.Etcd;

public sealed partial class EtcdMemberClient
{
    /// <summary>
    /// Streams changes of a key or prefix (<c>etcdctl watch</c>). The server must confirm the watch within the command
    /// timeout; after that the stream has no deadline and ends only by <paramref name="cancellationToken"/> or a failure.
    /// </summary>
    /// <exception cref="EtcdUnavailableException">The member could not be reached, did not confirm in time, or the
    /// connection broke.</exception>
    /// <exception cref="EtcdRequestException">The server canceled the watch; for a compacted start revision
    /// <see cref="EtcdRequestException.IsCompacted"/> is true and <see cref="EtcdRequestException.CompactRevision"/> says
    /// which revision is the oldest left.</exception>
    public async IAsyncEnumerable<EtcdWatchResponse> WatchAsync(string key, EtcdWatchOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(key);
        options ??= new EtcdWatchOptions();
        var operation = options.StartRevision > 0 ? $"watch \"{key}\" from revision {options.StartRevision}" : $"watch \"{key}\"";
        var create = new WatchCreateRequest
        {
            Key = KeyBytes(key, options.Prefix),
            RangeEnd = options.Prefix ? PrefixEnd(key) : ByteString.Empty,
            StartRevision = options.StartRevision,
            PrevKv = options.PrevKv,
            ProgressNotify = options.ProgressNotify,
        };

        var startedAt = Environment.TickCount64;
        using var confirm = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        confirm.CancelAfter(CommandTimeout);
        using var call = _watch.Value.Watch(cancellationToken: confirm.Token);
        var confirmed = false;
        var sent = false;
        while (true)
        {
            WatchResponse r;
            try
            {
                if (!sent)
                {
                    await call.RequestStream.WriteAsync(new WatchRequest { CreateRequest = create }, confirm.Token).ConfigureAwait(false);
                    sent = true;
                }

                if (!await call.ResponseStream.MoveNext(CancellationToken.None).ConfigureAwait(false))
                {
                    throw new RpcException(new Status(StatusCode.Unavailable, "the server ended the watch stream"));
                }

                r = call.ResponseStream.Current;
            }
            catch (Exception e) when (IsCallFailure(e) && !confirmed && confirm.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw _errors.DeadlineExceeded(operation, e);
            }
            catch (Exception e) when (IsCallFailure(e))
            {
                throw await _errors.TranslateAsync(e, operation, startedAt, cancellationToken).ConfigureAwait(false);
            }

            if (!confirmed)
            {
                // From here on only the caller ends the stream: replace the confirmation timer by "never".
                confirmed = true;
                confirm.CancelAfter(Timeout.InfiniteTimeSpan);
            }

            if (r.CompactRevision != 0 || r.Canceled)
            {
                throw WatchCanceled(operation, r);
            }

            if (r.Events.Count > 0 || (options.ProgressNotify && !r.Created))
            {
                yield return new EtcdWatchResponse(r.Header?.Revision ?? 0, [.. r.Events.Select(ToEvent)]);
            }
        }
    }

    private EtcdRequestException WatchCanceled(string operation, WatchResponse r)
    {
        var why = r.CompactRevision != 0
            ? $"required revision has been compacted (oldest available revision is {r.CompactRevision})"
            : string.IsNullOrEmpty(r.CancelReason) ? "canceled by the server" : r.CancelReason;
        return new EtcdRequestException($"{Endpoint.Text}: {operation}: {why}")
        {
            Endpoint = Endpoint.Text,
            StatusCode = StatusCode.OK,
            ServerMessage = string.IsNullOrEmpty(r.CancelReason) ? why : r.CancelReason,
            CompactRevision = r.CompactRevision,
        };
    }

    private static EtcdWatchEvent ToEvent(Mvccpb.Event e) => new(
        e.Type == Mvccpb.Event.Types.EventType.Delete ? EtcdWatchEventType.Delete : EtcdWatchEventType.Put,
        EtcdKeyValue.From(e.Kv),
        e.PrevKv is null ? null : EtcdKeyValue.From(e.PrevKv));
}
