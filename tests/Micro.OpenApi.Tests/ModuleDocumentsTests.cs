using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Micro.Edge;
using Micro.GitWorkflow;
using Micro.Ingestion;
using Micro.PrLock;
using Micro.Rerun;
using Micro.RunnerBroker;
using Micro.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.OpenApi.Tests;

/// <summary>
/// Every module composed in one host, as the standalone host composes them: each module's document describes exactly the endpoints the
/// module maps, so a new endpoint cannot go undocumented, and the problem details the endpoints answer are in it.
/// </summary>
public sealed class ModuleDocumentsTests : IAsyncLifetime
{
    const string Token = "module-documents-token";

    readonly string dataDirectory = Directory.CreateTempSubdirectory("micro-openapi-").FullName;
    TestWebHost host = null!;

    public async Task InitializeAsync() =>
        host = await TestWebHost.Start(new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = "InMemory",
            ["Database:Provider"] = "Sqlite",
            ["Database:DataDirectory"] = dataDirectory,
            ["Gateway:ApiTokens:0"] = Token,
            // As the standalone host's appsettings.json has it; which referenced service's appsettings.json lands beside the tests is not ours to choose.
            ["GitHub:AllowUnsignedWebhooks"] = "true",
        }, micro => micro.AsDoor(EdgeHost.Standalone)
            .Add(new IngestionModule())
            .Add(new RerunModule())
            .Add(new PrLockModule())
            .Add(new RunnerBrokerModule())
            .Add(new GitWorkflowModule()));

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        Directory.Delete(dataDirectory, recursive: true);
    }

    [Fact]
    public async Task Each_module_document_describes_exactly_the_endpoints_the_module_maps()
    {
        var mapped = host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is not null)
            .ToList();
        var unowned = mapped.Where(endpoint => Normalized(endpoint.RoutePattern).StartsWith("/api/", StringComparison.Ordinal)
            && endpoint.Metadata.GetMetadata<IEndpointGroupNameMetadata>() is null).Select(endpoint => endpoint.DisplayName).ToList();
        Assert.True(unowned.Count == 0, $"API endpoints mapped outside any module: {string.Join(", ", unowned)}");

        foreach (var service in ApiDocuments.Services.Keys)
        {
            var expected = mapped.Where(endpoint => endpoint.Metadata.GetMetadata<IEndpointGroupNameMetadata>()?.EndpointGroupName == service)
                .SelectMany(endpoint => endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods
                    .Select(method => $"{method} {Normalized(endpoint.RoutePattern)}"))
                .ToHashSet();
            var document = await ApiDocuments.Fetch(host.Client, service);
            var described = document.GetProperty("paths").EnumerateObject()
                .SelectMany(path => path.Value.EnumerateObject().Where(operation => operation.Name != "parameters")
                    .Select(operation => $"{operation.Name.ToUpperInvariant()} {Normalized(path.Name)}"))
                .ToHashSet();

            Assert.NotEmpty(expected);
            Assert.True(expected.SetEquals(described),
                $"{service}: mapped but not described: {string.Join(", ", expected.Except(described))}; " +
                $"described but not mapped here: {string.Join(", ", described.Except(expected))}");
        }
    }

    [Theory]
    [InlineData("ingestion", "post", "/webhooks/github", new[] { 400, 401, 413, 503 })]
    [InlineData("ingestion", "get", "/api/ingestion/deliveries/{deliveryId}", new[] { 401, 404 })]
    [InlineData("ingestion", "post", "/api/ingestion/deliveries/{deliveryId}/replay", new[] { 401, 403, 404, 409 })]
    [InlineData("rerun", "post", "/api/rerun/circleci", new[] { 400, 401 })]
    [InlineData("rerun", "get", "/api/rerun/runs/{owner}/{repo}/{runId}", new[] { 400, 404 })]
    [InlineData("prlock", "post", "/api/locks/{environment}/acquire", new[] { 400, 401, 413 })]
    [InlineData("prlock", "post", "/api/locks/{environment}/reset", new[] { 400, 401, 403 })]
    [InlineData("runners", "post", "/gha/runner", new[] { 401, 410, 502 })]
    [InlineData("runners", "put", "/api/runners/repositories/{owner}/{repo}", new[] { 400, 403, 413 })]
    [InlineData("workflows", "post", "/api/workflows", new[] { 400, 401, 413 })]
    [InlineData("workflows", "post", "/api/workflows/publish", new[] { 413, 502, 503 })]
    public async Task Refusals_are_described_as_problem_details(string service, string method, string path, int[] statuses)
    {
        var operation = Operation(await ApiDocuments.Fetch(host.Client, service), path, method);

        foreach (var status in statuses)
        {
            Assert.True(operation.GetProperty("responses").TryGetProperty(status.ToString(), out var response), $"{method} {path}: no {status}");
            Assert.True(response.GetProperty("content").TryGetProperty("application/problem+json", out _), $"{method} {path}: {status} is not problem details");
        }
    }

    [Fact]
    public async Task Api_operations_ask_for_the_bearer_token_and_webhooks_do_not()
    {
        var ingestion = await ApiDocuments.Fetch(host.Client, "ingestion");
        var scheme = ingestion.GetProperty("components").GetProperty("securitySchemes").GetProperty("apiToken");

        Assert.Equal("http", scheme.GetProperty("type").GetString());
        Assert.Equal("bearer", scheme.GetProperty("scheme").GetString());
        Assert.True(Operation(ingestion, "/api/ingestion/deliveries", "get").GetProperty("security")[0].TryGetProperty("apiToken", out _));
        Assert.False(Operation(ingestion, "/webhooks/github", "post").TryGetProperty("security", out _));
        Assert.Contains("admin token", Operation(ingestion, "/api/ingestion/deliveries/{deliveryId}/replay", "post").GetProperty("description").GetString());
    }

    [Fact]
    public async Task What_the_document_says_of_a_request_body_and_a_refusal_is_what_the_endpoint_does()
    {
        var workflows = await ApiDocuments.Fetch(host.Client, "workflows");
        var start = Operation(workflows, "/api/workflows", "post");
        using var api = new HttpClient { BaseAddress = host.Address };
        api.DefaultRequestHeaders.Authorization = new("Bearer", Token);

        using var refused = await api.PostAsJsonAsync("/api/workflows", new { workflow = "no_such_workflow" });
        // Describing a body the endpoint reads itself must not make routing refuse other content types (415): the endpoint still judges it.
        using var plain = await api.PostAsync("/api/workflows", new StringContent("""{"workflow": "no_such_workflow"}""", System.Text.Encoding.UTF8, "text/plain"));
        using var unknown = await api.GetAsync($"/api/workflows/{Guid.NewGuid()}");
        using var anonymous = await host.Client.GetAsync("/api/workflows");

        Assert.True(start.GetProperty("requestBody").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, plain.StatusCode);
        Assert.True(start.GetProperty("responses").TryGetProperty("400", out _));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.True(Operation(workflows, "/api/workflows/{id}", "get").GetProperty("responses").TryGetProperty("404", out _));
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task The_host_serves_every_document_and_the_reference_page_without_a_token() =>
        await ApiDocuments.AssertServed(host.Client);

    static JsonElement Operation(JsonElement document, string path, string method)
    {
        Assert.True(document.GetProperty("paths").TryGetProperty(path, out var item),
            $"no path {path} in: {string.Join(", ", document.GetProperty("paths").EnumerateObject().Select(p => p.Name))}");
        Assert.True(item.TryGetProperty(method, out var operation), $"no {method} on {path}");
        return operation;
    }

    /// <summary>A route as its document names it: parameters without constraints, no trailing slash.</summary>
    static string Normalized(RoutePattern pattern) =>
        Normalized("/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternParameterPart parameter => $"{{{parameter.Name}}}",
            RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        })))));

    static string Normalized(string path) => path.Length > 1 ? path.TrimEnd('/') : path;
}
