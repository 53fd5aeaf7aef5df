using System.Text.Json.Nodes;
using Micro.Testing;

namespace Micro.Ingestion.Tests;

/// <summary>Real webhook payloads from octokit/webhooks, one per file, for the events Micro acts on.</summary>
public static class WebhookPayloads
{
    public static readonly string[] UsedEvents = ["workflow_job", "workflow_run", "pull_request", "push"];

    /// <summary>Payloads that match GitHub's current schema (every file but the old docs example).</summary>
    public static IEnumerable<(string Event, string File, string Body)> Current() =>
        All().Where(payload => !IsOldDocsExample(payload.File));

    /// <summary>The scraped documentation example of each event: an older shape that fails the schema.</summary>
    public static IEnumerable<(string Event, string File, string Body)> OldDocsExamples() =>
        All().Where(payload => IsOldDocsExample(payload.File));

    public static string Read(string eventName, string file) => Fixtures.Read("octokit-webhooks", "split", eventName, file);

    public static JsonNode Parse(string body) => JsonNode.Parse(body)!;

    static IEnumerable<(string Event, string File, string Body)> All() =>
        from eventName in UsedEvents
        from path in Directory.GetFiles(Fixtures.PathOf("octokit-webhooks", "split", eventName), "*.json").Order()
        select (eventName, Path.GetFileName(path), File.ReadAllText(path));

    static bool IsOldDocsExample(string file) => file.Contains("github-docs-example", StringComparison.Ordinal);
}
