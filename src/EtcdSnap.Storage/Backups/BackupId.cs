using System.Globalization;
using System.Security.Cryptography;

namespace EtcdSnap.Storage.Backups;

/// <summary>
/// Backup ids: <c>20261127T142300Z-1a2b3c</c>, the UTC creation time to the second and 6 random hex digits.
/// They sort by time as plain strings, and two agents starting in the same second still get distinct ids.
/// </summary>
public static class BackupId
{
    /// <summary>The word that names the newest complete backup wherever an id is accepted.</summary>
    public const string Latest = "latest";

    private const string TimeFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>A new id for a backup made at <paramref name="createdAt"/>.</summary>
    public static string New(DateTimeOffset createdAt) =>
        createdAt.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture) + "-" + RandomNumberGenerator.GetHexString(6, lowercase: true);

    /// <summary>
    /// True for ids this repository can hold: 1-128 characters of A-Z a-z 0-9 . _ -, not starting with '.'.
    /// Ids made by <see cref="New"/> always qualify; the looser rule lets renamed or hand-made backups be read.
    /// </summary>
    public static bool IsValid(string id) =>
        id.Length is > 0 and <= 128 && id[0] != '.' && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>The creation time encoded in an id made by <see cref="New"/>, or null for other ids.</summary>
    public static DateTimeOffset? TimeOf(string id) =>
        id.Length >= 16 && DateTime.TryParseExact(id[..16], TimeFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
            ? new DateTimeOffset(t, TimeSpan.Zero)
            : null;
}
