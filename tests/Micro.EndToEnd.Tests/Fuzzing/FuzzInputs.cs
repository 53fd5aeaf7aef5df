using System.Globalization;
using System.Text;
using CsCheck;

namespace Micro.EndToEnd.Tests.Fuzzing;

/// <summary>What a careless or hostile client sends: odd text, JSON of every shape with the field names Micro reads, raw bytes.</summary>
static class FuzzInputs
{
    static readonly string[] DomainKeys =
    [
        "action", "repository", "full_name", "html_url", "installation", "id", "sender", "login", "workflow_job", "workflow_run",
        "run_id", "run_attempt", "conclusion", "status", "head_branch", "head_sha", "name", "workflow_name", "pull_request", "number",
        "merged", "head", "base", "sha", "ref", "after", "before", "created_at", "started_at", "completed_at", "labels", "steps",
        "pullRequest", "githubRepository", "branchPrefix", "projectSlug", "workflowName", "dryRun",
    ];

    static readonly string[] OddText =
    [
        "", " ", "push", "ping", "workflow_job", "pull_request", "acme/api", "acme/api/extra", "../../etc/passwd", "%00", "%ZZ",
        "null", "-1", "0", "2147483648", "9223372036854775808", "1e400", "NaN", "2026-13-45T25:61:61Z", "0001-01-01", "\u00e9t\u00e9",
        "\u202e", "\ud83d\ude00", new string('a', 300), "sha256=" + new string('0', 64), "gh/acme/api", "release/", "*",
    ];

    /// <summary>Text a header or query value might hold: printable ASCII mostly, with the odd values above mixed in.</summary>
    public static readonly Gen<string> Text = Gen.Frequency(
        (3, Gen.Char[' ', '~'].Array[0, 40].Select(chars => new string(chars))),
        (1, Gen.Char.Array[0, 12].Select(chars => new string(chars))),
        (3, Gen.OneOf(OddText)));

    static readonly Gen<string> JsonString = Gen.Frequency(
        (4, Text.Select(Quote)),
        (1, Gen.OneOf("\"\\ud800\"", "\"\\u0000\"", "\"\\udfff\\ud800\"", "\"a\\nb\"", "\"\\\"\"")));

    static readonly Gen<string> JsonScalar = Gen.Frequency(
        (3, JsonString),
        (2, Gen.Long.Select(number => number.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.Int[-3, 3].Select(number => number.ToString(CultureInfo.InvariantCulture))),
        (1, Gen.OneOf("1e400", "-0", "0.5", "1E+2", "-1.5e-300", "18446744073709551616", "true", "false", "null")));

    static readonly Gen<string> JsonKey = Gen.Frequency((5, Gen.OneOf(DomainKeys)), (1, Text)).Select(Quote);

    /// <summary>A JSON value nested a few levels deep, its objects keyed mostly by the names Micro reads.</summary>
    public static readonly Gen<string> Json = Gen.Recursive<string>((depth, value) => depth >= 4
        ? JsonScalar
        : Gen.Frequency(
            (2, JsonScalar),
            (4, Gen.Select(JsonKey, value).Array[0, 6].Select(members =>
                "{" + string.Join(",", members.Select(member => $"{member.Item1}:{member.Item2}")) + "}")),
            (1, value.Array[0, 4].Select(items => "[" + string.Join(",", items) + "]"))));

    /// <summary>A body: JSON mostly, else bytes that may be neither JSON nor UTF-8.</summary>
    public static readonly Gen<byte[]> Body = Gen.Frequency(
        (5, Json.Select(Encoding.UTF8.GetBytes)),
        (1, Gen.Byte.Array[0, 64]),
        (1, Json.Select(json => (byte[])[.. Encoding.UTF8.GetBytes(json[..(json.Length / 2)]), 0xC3, 0x28, .. Encoding.UTF8.GetBytes(json[(json.Length / 2)..])])));

    /// <summary>A JSON object with the given fields, each present or not, holding any JSON value: the shape an endpoint expects, with wrong values.</summary>
    public static Gen<byte[]> Shaped(params string[] fields) =>
        Gen.Select(Gen.Bool, Gen.Frequency((3, JsonScalar), (1, Json))).Array[fields.Length].Select(values =>
            Encoding.UTF8.GetBytes("{" + string.Join(",", fields.Zip(values).Where(field => field.Second.Item1)
                .Select(field => $"{Quote(field.First)}:{field.Second.Item2}")) + "}"));

    static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}
