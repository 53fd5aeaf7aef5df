using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Micro.Testing;

namespace Micro.Benchmarks;

/// <summary>
/// A real webhook payload from <c>tests/fixtures/octokit-webhooks</c> with markers (<c>@@RUN_ID@@</c>) where each delivery has its own
/// values, split once into literal byte runs and markers, so that a delivery is built by copying bytes, not by serializing JSON: the
/// generator shares the cores with the system under test. The fixture's repository name is a marker wherever it appears (its URLs
/// too), as in a real delivery from another repository.
/// </summary>
sealed partial class PayloadTemplate
{
    readonly List<(byte[] Literal, string? Marker)> parts = [];

    PayloadTemplate(string text)
    {
        var at = 0;
        foreach (Match marker in MarkerPattern().Matches(text))
        {
            parts.Add((Encoding.UTF8.GetBytes(text[at..marker.Index]), marker.Groups["name"].Value));
            at = marker.Index + marker.Length;
        }

        parts.Add((Encoding.UTF8.GetBytes(text[at..]), null));
    }

    /// <summary>
    /// Loads a fixture, lets <paramref name="edit"/> put markers into it (<see cref="Text"/> for a string, <see cref="Number"/> for a
    /// number) and marks the repository's full name everywhere as <c>REPO</c>.
    /// </summary>
    public static PayloadTemplate Load(string eventName, string file, Action<JsonObject> edit)
    {
        var payload = JsonNode.Parse(Fixtures.Read("octokit-webhooks", "split", eventName, file))!.AsObject();
        var repository = payload["repository"]!["full_name"]!.GetValue<string>();
        edit(payload);
        var text = payload.ToJsonString().Replace(repository, "@@REPO@@", StringComparison.Ordinal);
        // A number's marker was written as a string: drop its quotes, so that the value is written as a JSON number.
        return new PayloadTemplate(NumberMarkerPattern().Replace(text, "@@#${name}@@"));
    }

    public static JsonNode Text(string marker) => JsonValue.Create($"@@{marker}@@");

    public static JsonNode Number(string marker) => JsonValue.Create($"@@#{marker}@@");

    /// <summary>The body with each marker replaced by its value (JSON-safe text: digits, names, hex, timestamps).</summary>
    public byte[] Build(IReadOnlyDictionary<string, string> values)
    {
        var length = 0;
        foreach (var (literal, marker) in parts)
            length += literal.Length + (marker is null ? 0 : Encoding.UTF8.GetByteCount(Value(values, marker)));

        var body = new byte[length];
        var offset = 0;
        foreach (var (literal, marker) in parts)
        {
            literal.CopyTo(body, offset);
            offset += literal.Length;
            if (marker is not null)
                offset += Encoding.UTF8.GetBytes(Value(values, marker), 0, Value(values, marker).Length, body, offset);
        }

        return body;
    }

    static string Value(IReadOnlyDictionary<string, string> values, string marker) =>
        values.TryGetValue(marker.TrimStart('#'), out var value) ? value
            : throw new InvalidOperationException($"no value for the payload marker {marker}");

    [GeneratedRegex("@@(?<name>#?[A-Z_]+)@@")]
    private static partial Regex MarkerPattern();

    [GeneratedRegex("\"@@#(?<name>[A-Z_]+)@@\"")]
    private static partial Regex NumberMarkerPattern();
}
