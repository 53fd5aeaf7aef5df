using System.Net;
using System.Text.Json;

namespace Micro.OpenApi.Tests;

/// <summary>The five services' documents, each with the path prefixes that belong to that service alone.</summary>
static class ApiDocuments
{
    public static readonly IReadOnlyDictionary<string, string[]> Services = new Dictionary<string, string[]>
    {
        ["ingestion"] = ["/webhooks/", "/api/ingestion/"],
        ["rerun"] = ["/api/rerun/"],
        ["prlock"] = ["/api/locks/", "/api/prlock/"],
        ["runners"] = ["/api/runners/", "/repositories/", "/gha/"],
        ["workflows"] = ["/api/workflows/"],
    };

    /// <summary>Fetches a document without any token, as a pipeline author's browser would, and checks it is an OpenAPI 3 document.</summary>
    public static async Task<JsonElement> Fetch(HttpClient client, string service)
    {
        using var response = await client.GetAsync($"/openapi/{service}.json");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/openapi/{service}.json answered {(int)response.StatusCode}: {body}");
        var document = JsonDocument.Parse(body).RootElement.Clone();
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        Assert.Equal($"Micro {service} API", document.GetProperty("info").GetProperty("title").GetString());
        Assert.False(string.IsNullOrWhiteSpace(document.GetProperty("info").GetProperty("description").GetString()));
        return document;
    }

    /// <summary>The document describes endpoints, and only the service's own.</summary>
    public static void AssertOwnPathsOnly(string service, JsonElement document)
    {
        var paths = document.GetProperty("paths").EnumerateObject().Select(path => path.Name).ToList();
        Assert.NotEmpty(paths);
        var foreign = paths.Where(path => !Services[service].Any(prefix => (path + "/").StartsWith(prefix, StringComparison.Ordinal))).ToList();
        Assert.True(foreign.Count == 0, $"{service}'s document describes paths of other services: {string.Join(", ", foreign)}");
    }

    /// <summary>Every document, fetched and checked, then the reference page that lists them all.</summary>
    public static async Task AssertServed(HttpClient anonymous)
    {
        foreach (var service in Services.Keys)
            AssertOwnPathsOnly(service, await Fetch(anonymous, service));

        using var unknown = await anonymous.GetAsync("/openapi/no-such-service.json");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        using var reference = await anonymous.GetAsync("/reference/");
        var page = await reference.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
        Assert.StartsWith("text/html", reference.Content.Headers.ContentType?.ToString());
        foreach (var service in Services.Keys)
            Assert.Contains($"openapi/{service}.json", page);

        // The page's script comes from the host itself, not from a CDN the host may not reach.
        using var script = await anonymous.GetAsync("/reference/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("src=\"scalar.js\"", page);
    }
}
