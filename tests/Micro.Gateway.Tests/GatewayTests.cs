using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Micro.Testing;
using Microsoft.Extensions.Options;

namespace Micro.Gateway.Tests;

/// <summary>The gateway in front of real Kestrel destinations: what reaches the services, and what is stopped at the door.</summary>
public sealed class GatewayTests
{
    [Fact]
    public async Task A_webhook_reaches_ingestion_with_its_body_and_GitHub_headers_intact()
    {
        await using var ingestion = await FakeService.Start("ingestion-1");
        await using var gateway = await GatewayHost.Start([ingestion]);
        var body = Encoding.UTF8.GetBytes("""{"action":"queued"}""");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = new ByteArrayContent(body) };
        request.Headers.Add("X-GitHub-Event", "workflow_job");
        request.Headers.Add("X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958");
        request.Headers.Add("X-Hub-Signature-256", "sha256=abc");

        var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var received = Assert.Single(ingestion.Received);
        Assert.Equal(("POST", "/webhooks/github", body.Length), (received.Method, received.PathAndQuery, received.BodyLength));
        Assert.Equal("workflow_job", received.Headers["X-GitHub-Event"]);
        Assert.Equal("72d3162e-cc78-11e3-81ab-4c9367dc0958", received.Headers["X-GitHub-Delivery"]);
        Assert.Equal("sha256=abc", received.Headers["X-Hub-Signature-256"]);
    }

    [Fact]
    public async Task The_ingestion_API_and_every_webhook_are_routed_and_unknown_paths_are_404_problems()
    {
        await using var ingestion = await FakeService.Start("ingestion-1");
        await using var gateway = await GatewayHost.Start([ingestion]);

        var api = await gateway.Client.GetAsync("/api/ingestion/deliveries?event=push&limit=5");
        var pubSub = await gateway.Client.PostAsync("/webhooks/pubsub", new StringContent("{}"));
        var unknown = await gateway.Client.GetAsync("/api/nothing-here");
        var getWebhook = await gateway.Client.GetAsync("/webhooks/github");

        Assert.Equal(HttpStatusCode.Accepted, api.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, pubSub.StatusCode);
        Assert.Equal(["/api/ingestion/deliveries?event=push&limit=5", "/webhooks/pubsub"], ingestion.Received.Select(request => request.PathAndQuery));
        await AssertProblem(unknown, HttpStatusCode.NotFound);
        await AssertProblem(getWebhook, HttpStatusCode.MethodNotAllowed);
        Assert.Equal(2, ingestion.Received.Count);
    }

    [Fact]
    public async Task Replicas_share_the_traffic_and_a_stopped_one_is_taken_out()
    {
        await using var first = await FakeService.Start("ingestion-1");
        var second = await FakeService.Start("ingestion-2");
        await using var gateway = await GatewayHost.Start([first, second]);

        await Eventually.True(async () =>
        {
            await gateway.Client.GetAsync("/api/ingestion/deliveries");
            return !first.Received.IsEmpty && !second.Received.IsEmpty;
        }, "both replicas received requests");

        await second.DisposeAsync();
        // Until health checks notice, a request may still be sent to the stopped replica and fail (YARP does not retry).
        await Eventually.True(async () =>
            (await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => gateway.Client.GetAsync("/api/ingestion/deliveries"))))
            .All(answer => answer.StatusCode == HttpStatusCode.Accepted),
            "every request is served by the remaining replica");
        Assert.True((await gateway.Client.GetAsync("/health/ready")).IsSuccessStatusCode);
    }

    [Fact]
    public async Task Readiness_fails_with_a_problem_when_no_destination_of_a_service_is_up()
    {
        var ingestion = await FakeService.Start("ingestion-1");
        await using var gateway = await GatewayHost.Start([ingestion]);
        Assert.Equal(HttpStatusCode.OK, (await gateway.Client.GetAsync("/health/ready")).StatusCode);

        await ingestion.DisposeAsync();

        await Eventually.True(async () => (await gateway.Client.GetAsync("/health/ready")).StatusCode == HttpStatusCode.ServiceUnavailable,
            "readiness reports the missing service");
        var report = await (await gateway.Client.GetAsync("/health")).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("ingestion", report.GetProperty("checks").GetProperty("destinations").GetProperty("description").GetString());
        // With no healthy destination YARP (policy HealthyOrPanic) still tries them all, so "unreachable" is as right as "none available".
        var proxied = await gateway.Client.GetAsync("/api/ingestion/deliveries");
        Assert.True(proxied.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway, proxied.StatusCode.ToString());
        var problem = await AssertProblem(proxied, proxied.StatusCode);
        Assert.Contains("service", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Request_ids_are_kept_when_sane_replaced_when_not_and_created_when_missing()
    {
        await using var ingestion = await FakeService.Start("ingestion-1");
        await using var gateway = await GatewayHost.Start([ingestion]);

        var kept = await Send(gateway.Client, "req-123.abc_DEF");
        var replaced = await Send(gateway.Client, "bad id\twith spaces");
        var created = await Send(gateway.Client, null);

        Assert.Equal("req-123.abc_DEF", RequestId(kept));
        Assert.NotEqual("bad id\twith spaces", RequestId(replaced));
        Assert.False(string.IsNullOrEmpty(RequestId(created)));
        var seen = ingestion.Received.Select(request => request.Headers["X-Request-Id"]).ToList();
        Assert.Equal([RequestId(kept), RequestId(replaced), RequestId(created)], seen);

        static async Task<HttpResponseMessage> Send(HttpClient client, string? requestId)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/ingestion/deliveries");
            if (requestId is not null)
                request.Headers.TryAddWithoutValidation("X-Request-Id", requestId);
            return await client.SendAsync(request);
        }

        static string RequestId(HttpResponseMessage response) => response.Headers.GetValues("X-Request-Id").Single();
    }

    [Fact]
    public async Task The_service_receives_a_trace_context_that_continues_the_callers_trace()
    {
        await using var ingestion = await FakeService.Start("ingestion-1");
        await using var gateway = await GatewayHost.Start([ingestion]);
        // The gateway's telemetry listens in this process, so a default HttpClient would replace the caller's traceparent with its own.
        using var caller = new HttpClient(new SocketsHttpHandler { ActivityHeadersPropagator = null }) { BaseAddress = gateway.Address };
        const string traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        using var traced = new HttpRequestMessage(HttpMethod.Get, "/api/ingestion/deliveries");
        traced.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-00f067aa0ba902b7-01");

        Assert.Equal(HttpStatusCode.Accepted, (await caller.SendAsync(traced)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await caller.GetAsync("/api/ingestion/deliveries")).StatusCode);

        var forwarded = ingestion.Received.Select(request => request.Headers["traceparent"].Split('-')).ToList();
        Assert.Equal(traceId, forwarded[0][1]);
        Assert.NotEqual("00f067aa0ba902b7", forwarded[0][2]);
        Assert.Matches("^[0-9a-f]{32}$", forwarded[1][1]);
        Assert.NotEqual(traceId, forwarded[1][1]);
    }

    [Fact]
    public async Task With_tokens_configured_the_API_needs_one_but_webhooks_and_health_do_not()
    {
        await using var ingestion = await FakeService.Start("ingestion-1");
        await using var gateway = await GatewayHost.Start([ingestion], new Dictionary<string, string?>
        {
            ["Gateway:ApiTokens:0"] = "old-token",
            ["Gateway:ApiTokens:1"] = "new-token",
        });

        var none = await gateway.Client.GetAsync("/api/ingestion/deliveries");
        var wrong = await Get(gateway.Client, "/api/ingestion/deliveries", "new-token-but-longer");
        var right = await Get(gateway.Client, "/api/ingestion/deliveries", "new-token");
        var rotated = await Get(gateway.Client, "/api/ingestion/deliveries", "old-token");
        var webhook = await gateway.Client.PostAsync("/webhooks/github", new StringContent("{}"));
        var health = await gateway.Client.GetAsync("/health/live");

        foreach (var refused in new[] { none, wrong })
        {
            await AssertProblem(refused, HttpStatusCode.Unauthorized);
            Assert.Equal("Bearer", refused.Headers.WwwAuthenticate.Single().Scheme);
        }
        Assert.Equal(HttpStatusCode.Accepted, right.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, rotated.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, webhook.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(3, ingestion.Received.Count);
        Assert.DoesNotContain("new-token", await wrong.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Without_tokens_the_API_is_open_only_when_that_is_asked_for()
    {
        await using var ingestion = await FakeService.Start("ingestion-1");

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => GatewayHost.Start([ingestion], new Dictionary<string, string?>
        {
            ["Gateway:ApiTokens:0"] = "",
            ["Gateway:AllowAnonymousApi"] = "false",
        }));
        await using var gateway = await GatewayHost.Start([ingestion], new Dictionary<string, string?>
        {
            ["Gateway:ApiTokens:0"] = "",
            ["Gateway:AllowAnonymousApi"] = "true",
        });
        var read = await gateway.Client.GetAsync("/api/ingestion/deliveries");
        var replay = await gateway.Client.PostAsync("/api/ingestion/deliveries/d-1/replay", null);

        Assert.Contains("Gateway:ApiTokens", refused.Message);
        Assert.Contains("Gateway:AllowAnonymousApi", refused.Message);
        Assert.Equal(HttpStatusCode.Accepted, read.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
    }

    [Fact]
    public async Task Over_the_rate_limit_the_API_answers_429_with_Retry_After_while_webhooks_pass()
    {
        await using var ingestion = await FakeService.Start("ingestion-1");
        await using var gateway = await GatewayHost.Start([ingestion], new Dictionary<string, string?>
        {
            ["Gateway:RateLimit:PermitLimit"] = "3",
            ["Gateway:RateLimit:Window"] = "00:10:00",
        });

        var allowed = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => gateway.Client.GetAsync("/api/ingestion/deliveries")));
        var limited = await gateway.Client.GetAsync("/api/ingestion/deliveries");
        var webhooks = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => gateway.Client.PostAsync("/webhooks/github", new StringContent("{}"))));

        Assert.All(allowed, response => Assert.Equal(HttpStatusCode.Accepted, response.StatusCode));
        await AssertProblem(limited, HttpStatusCode.TooManyRequests);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero, limited.Headers.RetryAfter?.ToString());
        Assert.All(webhooks, response => Assert.Equal(HttpStatusCode.Accepted, response.StatusCode));
    }

    [Fact]
    public async Task A_webhook_over_25_MiB_is_refused_at_the_door_and_a_large_one_under_it_passes()
    {
        await using var ingestion = await FakeService.Start("ingestion-1");
        await using var gateway = await GatewayHost.Start([ingestion]);

        var tooLarge = await gateway.Client.PostAsync("/webhooks/github", new ByteArrayContent(new byte[25 * 1024 * 1024 + 1]));
        var large = await gateway.Client.PostAsync("/webhooks/github", new ByteArrayContent(new byte[5 * 1024 * 1024]));

        await AssertProblem(tooLarge, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(HttpStatusCode.Accepted, large.StatusCode);
        Assert.Equal(5 * 1024 * 1024, Assert.Single(ingestion.Received).BodyLength);
    }

    [Fact]
    public async Task A_streamed_webhook_over_the_limit_is_refused_too()
    {
        await using var ingestion = await FakeService.Start("ingestion-1");
        await using var gateway = await GatewayHost.Start([ingestion]);
        var content = new StreamContent(new MemoryStream(new byte[25 * 1024 * 1024 + 1]));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await gateway.Client.SendAsync(request);

        var problem = await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("exceeds", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_rate_limit_out_of_range_stops_the_start_naming_the_key()
    {
        await using var ingestion = await FakeService.Start("ingestion-1");

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            GatewayHost.Start([ingestion], new Dictionary<string, string?> { ["Gateway:RateLimit:PermitLimit"] = "0" }));

        Assert.Contains("Gateway:RateLimit:PermitLimit", failure.Message);
    }

    static Task<HttpResponseMessage> Get(HttpClient client, string path, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client.SendAsync(request);
    }

    static async Task<JsonElement> AssertProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
