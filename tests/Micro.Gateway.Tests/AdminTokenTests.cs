using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Micro.Testing;

namespace Micro.Gateway.Tests;

/// <summary>Pipeline tokens run pipelines; admin actions (overriding or redoing what the services decided) need an admin token.</summary>
public sealed class AdminTokenTests : IAsyncLifetime
{
    const string PipelineToken = "pipeline-token";
    const string AdminToken = "admin-token";
    FakeService services = null!;
    TestWebHost gateway = null!;

    public async Task InitializeAsync()
    {
        services = await FakeService.Start("ingestion-1");
        gateway = await GatewayHost.Start([services], new Dictionary<string, string?>
        {
            ["Gateway:AllowAnonymousApi"] = "false",
            ["Gateway:ApiTokens:0"] = PipelineToken,
            ["MICRO_ADMIN_TOKEN"] = AdminToken,
            // One fake stands for every service: what matters here is what the door lets through.
            ["ReverseProxy:Clusters:rerun:Destinations:rerun-1:Address"] = services.Address.ToString(),
            ["ReverseProxy:Clusters:prlock:Destinations:prlock-1:Address"] = services.Address.ToString(),
        });
    }

    public async Task DisposeAsync()
    {
        await gateway.DisposeAsync();
        await services.DisposeAsync();
    }

    public static TheoryData<string, string> AdminCalls => new()
    {
        { "POST", "/api/locks/pr/reset" },
        { "POST", "/api/ingestion/deliveries/72d3162e/replay" },
        { "POST", "/api/rerun/dead-letters/42/retry" },
        { "DELETE", "/api/ingestion/dead-letters/42" },
        // Spelt as routing would still match it: other case, a trailing slash.
        { "POST", "/API/Locks/pr/RESET/" },
    };

    public static TheoryData<string, string> PipelineCalls => new()
    {
        { "POST", "/api/locks/pr/acquire" },
        { "POST", "/api/locks/pr/complete" },
        { "POST", "/api/locks/pr/abort" },
        { "POST", "/api/rerun/circleci" },
        { "GET", "/api/locks/pr" },
        { "GET", "/api/ingestion/deliveries/72d3162e" },
        { "GET", "/api/rerun/dead-letters" },
        { "GET", "/api/rerun/dead-letters/42" },
    };

    [Theory]
    [MemberData(nameof(AdminCalls))]
    public async Task An_admin_action_with_a_pipeline_token_is_403_naming_the_admin_token_and_reaches_no_service(string method, string path)
    {
        var response = await Send(method, path, PipelineToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("admin token", problem.GetProperty("detail").GetString());
        Assert.Empty(services.Received);
    }

    [Theory]
    [MemberData(nameof(AdminCalls))]
    public async Task An_admin_action_with_an_admin_token_reaches_the_service(string method, string path)
    {
        var response = await Send(method, path, AdminToken);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Single(services.Received);
    }

    [Theory]
    [MemberData(nameof(PipelineCalls))]
    public async Task Pipeline_calls_pass_with_either_token_and_need_one(string method, string path)
    {
        var pipeline = await Send(method, path, PipelineToken);
        var admin = await Send(method, path, AdminToken);
        var none = await Send(method, path, token: null);
        var unknown = await Send(method, path, "not-a-token");

        Assert.Equal(HttpStatusCode.Accepted, pipeline.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, admin.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(2, services.Received.Count);
    }

    [Fact]
    public async Task An_admin_action_without_a_known_token_is_401_not_403()
    {
        var none = await Send("POST", "/api/locks/pr/reset", token: null);
        var unknown = await Send("POST", "/api/locks/pr/reset", "not-a-token");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Empty(services.Received);
    }

    Task<HttpResponseMessage> Send(string method, string path, string? token)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return gateway.Client.SendAsync(request);
    }
}
