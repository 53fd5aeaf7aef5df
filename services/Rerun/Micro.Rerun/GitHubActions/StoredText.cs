using System.Diagnostics.CodeAnalysis;

namespace Micro.Rerun.GitHubActions;

/// <summary>
/// Text from outside (GitHub's names, answers, and the reasons built from them) cut to the column it is stored in, visibly: a value
/// that does not fit ends in an ellipsis, a list says how many items it left out. A long matrix must not fail the write that decides it.
/// </summary>
public static class StoredText
{
    const string Ellipsis = "…";

    [return: NotNullIfNotNull(nameof(value))]
    public static string? Fit(string? value, int length) =>
        value is null || value.Length <= length ? value : value[..(length - Ellipsis.Length)] + Ellipsis;

    /// <summary><c>{label}a, b, c … and 77 more</c>: as many items as fit in <paramref name="length"/>, and the count of the rest.</summary>
    public static string List(string label, IReadOnlyList<string> items, int length)
    {
        var whole = label + string.Join(", ", items);
        if (whole.Length <= length || items.Count < 2)
            return Fit(whole, length);

        // Room is kept for the longest tail, so that the count never pushes the text past the length.
        var budget = length - $" {Ellipsis} and {items.Count} more".Length;
        var text = Fit(label + items[0], budget);
        var shown = 1;
        while (shown < items.Count && text.Length + 2 + items[shown].Length <= budget)
            text += ", " + items[shown++];

        return $"{text} {Ellipsis} and {items.Count - shown} more";
    }
}
