namespace EtcdSnap.Kubernetes.Manifests;

/// <summary>The result of a manifest edit: the new text and what changed. Nothing is written to disk.</summary>
/// <param name="Path">The manifest the edit is for.</param>
/// <param name="OriginalText">The text the edit started from.</param>
/// <param name="NewText">The edited text: identical to <paramref name="OriginalText"/> outside the changed values.</param>
/// <param name="Changes">The changed values, old and new.</param>
public sealed record ManifestEdit(string Path, string OriginalText, string NewText, IReadOnlyList<ManifestChange> Changes)
{
    /// <summary>True when the new text differs from the original.</summary>
    public bool HasChanges => !string.Equals(OriginalText, NewText, StringComparison.Ordinal);

    /// <summary>A unified diff (<c>diff -u</c> style, 3 lines of context) of the edit, for <c>--dry-run</c>.</summary>
    public string UnifiedDiff() => Manifests.UnifiedDiff.Create(OriginalText, NewText, Path, Path + " (edited)");

    /// <summary>One line per changed value: <c>field: old -> new</c>.</summary>
    public string Summary() => string.Join('\n', Changes.Select(c => c.ToString()));
}
