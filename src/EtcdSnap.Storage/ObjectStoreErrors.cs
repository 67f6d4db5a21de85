using EtcdSnap.Formats;

namespace EtcdSnap.Storage;

/// <summary>
/// The failure shapes the object stores (S3, Azure) share, so that both report the same way: one line naming the
/// store, the action and the key, marked transient or not, with a hint where there is an obvious next step. What is
/// specific to a service (its exception types and error codes) stays in its own <c>*.Errors.cs</c>.
/// </summary>
internal static class ObjectStoreErrors
{
    /// <summary>The subject of every message: <c>LOCATION: ACTION "KEY"</c>.</summary>
    public static string Subject(string location, string action, string key) => $"{location}: {action} \"{key}\"";

    /// <summary>An HTTP client timeout: the SDK throws <see cref="OperationCanceledException"/> although the caller's
    /// token was not canceled.</summary>
    public static bool IsClientTimeout(Exception e, CancellationToken cancellationToken) =>
        e is OperationCanceledException && !cancellationToken.IsCancellationRequested;

    /// <summary>HTTP statuses worth retrying: request timeout, throttling and server errors.</summary>
    public static bool IsTransientStatus(int status) => status is 408 or 429 or >= 500;

    /// <summary>A failure that retrying will not fix (missing bucket, no credentials).</summary>
    public static StorageUnavailableException Permanent(string message, string hint, Exception e) =>
        new(message, e) { IsTransient = false, Hint = hint };

    /// <summary>The service refused the credentials or the request (401/403 and their error codes).</summary>
    public static StorageUnavailableException AccessDenied(string subject, string code, string hint, Exception e) =>
        Permanent($"{subject}: access denied ({code})", hint, e);

    /// <summary>Any other error status the service answered with.</summary>
    public static StorageUnavailableException ErrorStatus(string subject, string? errorCode, int status, string message,
        bool transient, Exception e) =>
        new($"{subject}: {errorCode ?? "error"} (HTTP {status}): {OneLine.FirstLine(message)}", e) { IsTransient = transient };

    /// <summary>No answer at all (DNS, connection refused, TLS, timeout): the innermost cause's first line.</summary>
    public static StorageUnavailableException Unreachable(string subject, Exception e) =>
        new($"{subject}: {OneLine.FirstLine(Innermost(e).Message)}", e)
        {
            IsTransient = true,
            Hint = "check that the endpoint is reachable from this machine",
        };

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
