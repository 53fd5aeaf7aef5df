using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Micro.Testing;

namespace Micro.Ingestion.Tests;

/// <summary>What GitHub, and the services downstream, can count on from <c>POST /webhooks/github</c>, whichever way Micro runs.</summary>
public abstract class WebhookIngestionContract(IngestionService service)
{
    protected IngestionService Service { get; } = service;

    [Fact]
    public async Task Every_current_payload_is_accepted_and_published_once_as_its_event_when_Micro_uses_it()
    {
        var sent = new List<(string Event, string File, JsonNode Payload, string DeliveryId, bool Published)>();
        foreach (var (eventName, file, body) in WebhookPayloads.Current())
        {
            var deliveryId = Guid.NewGuid().ToString();
            var response = await Service.Deliver(eventName, body, deliveryId);
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{eventName}/{file}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");

            var payload = WebhookPayloads.Parse(body);
            var published = ExpectedEvents.IsPublished(eventName, payload);
            var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(deliveryId, answer.GetProperty("deliveryId").GetString());
            Assert.Equal(!published, answer.TryGetProperty("ignored", out var ignored) && ignored.GetBoolean());
            sent.Add((eventName, file, payload, deliveryId, published));
        }

        Assert.Contains(sent, s => s.Published);
        Assert.Contains(sent, s => !s.Published);
        await Eventually.True(() => sent.Where(s => s.Published).All(s => Service.Recorded.CountFor(s.DeliveryId) >= 1),
            "every used event reached the subscriber");

        foreach (var (eventName, file, payload, deliveryId, published) in sent)
        {
            var received = Service.Recorded.All.Where(r => ExpectedEvents.DeliveryOf(r.Message) == deliveryId).ToList();
            Assert.True(received.Count == (published ? 1 : 0), $"{eventName}/{file}: received {received.Count} events");
            if (published)
                ExpectedEvents.AssertMatches(eventName, payload, received[0].Message, deliveryId);
        }
    }

    [Fact]
    public async Task Old_documentation_examples_are_stored_and_answered_without_failing()
    {
        foreach (var (eventName, file, body) in WebhookPayloads.OldDocsExamples())
        {
            var deliveryId = Guid.NewGuid().ToString();
            var response = await Service.Deliver(eventName, body, deliveryId);
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{eventName}/{file}: {response.StatusCode}");

            var logged = await Service.Client.GetFromJsonAsync<JsonElement>($"/api/ingestion/deliveries/{deliveryId}");
            Assert.Equal(eventName, logged.GetProperty("delivery").GetProperty("event").GetString());
        }
    }

    [Fact]
    public async Task A_redelivered_delivery_is_answered_as_a_duplicate_and_published_only_once()
    {
        var body = WebhookPayloads.Read("workflow_job", "completed.failure.with-organization.payload.json");
        var deliveryId = Guid.NewGuid().ToString();

        var first = await Service.Deliver("workflow_job", body, deliveryId);
        var again = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Service.Deliver("workflow_job", body, deliveryId)));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.All(again, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.All(await Task.WhenAll(again.Select(r => r.Content.ReadFromJsonAsync<JsonElement>())),
            answer => Assert.True(answer.GetProperty("duplicate").GetBoolean()));

        await Eventually.True(() => Service.Recorded.CountFor(deliveryId) == 1, "the delivery was published");
        var marker = Guid.NewGuid().ToString();
        await Service.Deliver("push", WebhookPayloads.Read("push", "payload.json"), marker);
        await Eventually.True(() => Service.Recorded.CountFor(marker) == 1, "a later delivery was published after it");
        Assert.Equal(1, Service.Recorded.CountFor(deliveryId));
    }

    [Fact]
    public async Task Deliveries_accepted_together_are_each_logged_as_published_once_with_nothing_left_in_the_outbox()
    {
        var body = WebhookPayloads.Read("workflow_job", "completed.failure.with-organization.payload.json");
        var deliveryIds = Enumerable.Range(0, 24).Select(_ => Guid.NewGuid().ToString()).ToList();

        var answers = await Task.WhenAll(deliveryIds.Select(id => Service.Deliver("workflow_job", body, id)));

        Assert.All(answers, response => Assert.Equal(HttpStatusCode.Accepted, response.StatusCode));
        await Eventually.True(() => deliveryIds.All(id => Service.Recorded.CountFor(id) == 1), "every event was published");
        foreach (var deliveryId in deliveryIds)
        {
            await Eventually.True(async () =>
            {
                var logged = await Service.Client.GetFromJsonAsync<JsonElement>($"/api/ingestion/deliveries/{deliveryId}");
                var delivery = logged.GetProperty("delivery");
                return delivery.GetProperty("state").GetString() == "published" && delivery.GetProperty("publishCount").GetInt32() == 1
                    && delivery.GetProperty("publishedAt").ValueKind == JsonValueKind.String && logged.GetProperty("pending").GetArrayLength() == 0;
            }, $"delivery {deliveryId} is logged as published once, its outbox row gone");
        }
    }

    [Fact]
    public async Task A_replay_publishes_the_event_again_under_a_new_message_id()
    {
        var deliveryId = Guid.NewGuid().ToString();
        await Service.Deliver("pull_request", WebhookPayloads.Read("pull_request", "closed.payload.json"), deliveryId);
        await Eventually.True(() => Service.Recorded.CountFor(deliveryId) == 1, "the original was published");

        var replay = await Service.Client.PostAsync($"/api/ingestion/deliveries/{deliveryId}/replay", null);

        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        await Eventually.True(() => Service.Recorded.CountFor(deliveryId) == 2, "the replay was published");
        var messageIds = Service.Recorded.All.Where(r => ExpectedEvents.DeliveryOf(r.Message) == deliveryId).Select(r => r.MessageId).ToList();
        Assert.Equal(2, messageIds.Distinct().Count());
        await Eventually.True(async () =>
            (await Service.Client.GetFromJsonAsync<JsonElement>($"/api/ingestion/deliveries/{deliveryId}"))
            .GetProperty("delivery").GetProperty("publishCount").GetInt32() == 2, "the log counts both publications");
    }

    [Fact]
    public async Task Replaying_an_unknown_or_ignored_delivery_is_refused()
    {
        var ignoredId = Guid.NewGuid().ToString();
        await Service.Deliver("check_run", WebhookPayloads.Read("workflow_job", "queued.payload.json"), ignoredId);

        var unknown = await Service.Client.PostAsync($"/api/ingestion/deliveries/{Guid.NewGuid()}/replay", null);
        var ignored = await Service.Client.PostAsync($"/api/ingestion/deliveries/{ignoredId}/replay", null);

        await AssertProblem(unknown, HttpStatusCode.NotFound, "Unknown delivery");
        await AssertProblem(ignored, HttpStatusCode.Conflict, "Nothing to replay");
    }

    [Fact]
    public async Task Events_Micro_does_not_use_are_logged_and_answered_as_ignored()
    {
        var deliveryId = Guid.NewGuid().ToString();
        var response = await Service.Deliver("check_suite", """{"action":"completed","repository":{"full_name":"acme/api"}}""", deliveryId);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(answer.GetProperty("ignored").GetBoolean());
        var logged = await Service.Client.GetFromJsonAsync<JsonElement>($"/api/ingestion/deliveries/{deliveryId}");
        Assert.Equal("ignored", logged.GetProperty("delivery").GetProperty("state").GetString());
        Assert.Equal("acme/api", logged.GetProperty("delivery").GetProperty("repository").GetString());
        Assert.Equal("completed", logged.GetProperty("payload").GetProperty("action").GetString());
    }

    [Fact]
    public async Task Ping_is_answered_200()
    {
        var response = await Service.Deliver("ping", Fixtures.Read("octokit-webhooks", "split", "ping", "00-github-docs-example.payload.json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Deliveries_without_a_valid_signature_are_refused_with_401()
    {
        var body = Encoding.UTF8.GetBytes(WebhookPayloads.Read("push", "payload.json"));
        var tampered = body.Append((byte)' ').ToArray();

        var unsigned = await Service.Deliver("push", body, Guid.NewGuid().ToString(), signature: null);
        var wrongSecret = await Service.Deliver("push", body, Guid.NewGuid().ToString(), GitHubWebhookSigner.Sign("not-the-secret", body));
        var changedBody = await Service.Deliver("push", tampered, Guid.NewGuid().ToString(), GitHubWebhookSigner.Sign(IngestionService.Secret, body));
        var notHex = await Service.Deliver("push", body, Guid.NewGuid().ToString(), "sha256=zz");
        var sha1Only = await Service.Deliver("push", body, Guid.NewGuid().ToString(), "sha1=01dc10d0c83e72ed246219cdd91669667fe2ca59");

        foreach (var response in new[] { unsigned, wrongSecret, changedBody, notHex, sha1Only })
            await AssertProblem(response, HttpStatusCode.Unauthorized, "Invalid signature");
    }

    [Fact]
    public async Task Missing_GitHub_headers_are_refused_with_400_naming_the_header()
    {
        var body = Encoding.UTF8.GetBytes("{}");
        var signature = GitHubWebhookSigner.Sign(IngestionService.Secret, body);

        var noEvent = await Service.Deliver(null, body, Guid.NewGuid().ToString(), signature);
        var noDelivery = await Service.Deliver("push", body, null, signature);
        var oddDelivery = await Service.Deliver("push", body, "../../etc/passwd", signature);

        Assert.Contains("X-GitHub-Event", await AssertProblem(noEvent, HttpStatusCode.BadRequest));
        Assert.Contains("X-GitHub-Delivery", await AssertProblem(noDelivery, HttpStatusCode.BadRequest));
        Assert.Contains("X-GitHub-Delivery", await AssertProblem(oddDelivery, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task Signed_bodies_that_are_not_JSON_are_refused_with_400_and_not_logged()
    {
        var whole = WebhookPayloads.Read("workflow_job", "queued.payload.json");
        var truncatedId = Guid.NewGuid().ToString();

        var truncated = await Service.Deliver("workflow_job", whole[..(whole.Length / 2)], truncatedId);
        var text = await Service.Deliver("workflow_job", "payload=%7B%7D");
        var empty = await Service.Deliver("workflow_job", "");

        foreach (var response in new[] { truncated, text, empty })
            await AssertProblem(response, HttpStatusCode.BadRequest, "Body is not JSON");
        var lookup = await Service.Client.GetAsync($"/api/ingestion/deliveries/{truncatedId}");
        Assert.Equal(HttpStatusCode.NotFound, lookup.StatusCode);
    }

    [Fact]
    public async Task A_signed_body_with_invalid_UTF_8_inside_a_string_is_refused_with_400_and_not_logged()
    {
        var deliveryId = Guid.NewGuid().ToString();
        var prefix = Encoding.UTF8.GetBytes("""{"action":"created","repository":{"full_name":"acme/""");
        var suffix = Encoding.UTF8.GetBytes("""api"},"sender":{"login":"octocat"}}""");
        // A lone continuation byte and an overlong '/': neither is UTF-8.
        byte[] body = [.. prefix, 0x80, 0xC0, 0xAF, .. suffix];

        var response = await Service.Deliver("push", body, deliveryId, GitHubWebhookSigner.Sign(IngestionService.Secret, body));

        await AssertProblem(response, HttpStatusCode.BadRequest, "Body is not UTF-8");
        Assert.Equal(HttpStatusCode.NotFound, (await Service.Client.GetAsync($"/api/ingestion/deliveries/{deliveryId}")).StatusCode);
    }

    [Fact]
    public async Task Escaped_NULs_in_the_fields_the_log_keeps_are_stored_and_escaped_lone_surrogates_are_a_400()
    {
        var withNuls = Guid.NewGuid().ToString();
        var withSurrogate = Guid.NewGuid().ToString();

        var nuls = await Service.Deliver("check_suite",
            """{"action":"a\u0000b","repository":{"full_name":"acme/\u0000"},"sender":{"login":"\u0000"}}""", withNuls);
        var surrogate = await Service.Deliver("push", """{"repository":{"full_name":"acme/\ud800"}}""", withSurrogate);

        Assert.Equal(HttpStatusCode.Accepted, nuls.StatusCode);
        var logged = await Service.Client.GetFromJsonAsync<JsonElement>($"/api/ingestion/deliveries/{withNuls}");
        Assert.Equal("ab", logged.GetProperty("delivery").GetProperty("action").GetString());
        await AssertProblem(surrogate, HttpStatusCode.BadRequest, "Body is not JSON");
        Assert.Equal(HttpStatusCode.NotFound, (await Service.Client.GetAsync($"/api/ingestion/deliveries/{withSurrogate}")).StatusCode);
    }

    [Fact]
    public async Task A_body_over_25_MiB_is_refused_with_413()
    {
        var body = new byte[25 * 1024 * 1024 + 1];
        Array.Fill(body, (byte)' ');

        var response = await Service.Deliver("push", body, Guid.NewGuid().ToString(), GitHubWebhookSigner.Sign(IngestionService.Secret, body));

        await AssertProblem(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task The_delivery_log_lists_newest_first_and_filters_by_event_repository_and_time()
    {
        var repository = $"acme/repo-{Guid.NewGuid():N}";
        var before = DateTime.UtcNow.AddSeconds(-1);
        var ids = new List<string>();
        foreach (var eventName in new[] { "push", "check_run", "push" })
        {
            var id = Guid.NewGuid().ToString();
            ids.Add(id);
            var response = await Service.Deliver(eventName, $$$"""{"ref":"refs/heads/main","before":"a","after":"b","repository":{"full_name":"{{{repository}}}"}}""", id);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        var all = await List($"?repository={repository}");
        var pushes = await List($"?repository={repository}&event=push");
        var limited = await List($"?repository={repository}&limit=1");
        var later = await List($"?repository={repository}&since={Uri.EscapeDataString(DateTime.UtcNow.AddMinutes(1).ToString("O"))}");
        var recent = await List($"?repository={repository}&since={Uri.EscapeDataString(before.ToString("O"))}");

        Assert.Equal(Enumerable.Reverse(ids), all);
        Assert.Equal([ids[2], ids[0]], pushes);
        Assert.Equal([ids[2]], limited);
        Assert.Empty(later);
        Assert.Equal(3, recent.Count);
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("since=yesterday", "since")]
    public async Task Bad_delivery_log_queries_are_refused_naming_the_parameter(string query, string parameter)
    {
        var response = await Service.Client.GetAsync($"/api/ingestion/deliveries?{query}");

        var problem = await AssertProblem(response, HttpStatusCode.BadRequest);
        Assert.True(JsonDocument.Parse(problem).RootElement.GetProperty("errors").TryGetProperty(parameter, out _), problem);
    }

    [Fact]
    public async Task An_unknown_delivery_is_404()
    {
        var response = await Service.Client.GetAsync($"/api/ingestion/deliveries/{Guid.NewGuid()}");

        await AssertProblem(response, HttpStatusCode.NotFound, "Unknown delivery");
    }

    async Task<List<string>> List(string query)
    {
        var list = await Service.Client.GetFromJsonAsync<JsonElement>($"/api/ingestion/deliveries{query}");
        return list.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("deliveryId").GetString()!).ToList();
    }

    internal static async Task<string> AssertProblem(HttpResponseMessage response, HttpStatusCode status, string? title = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {status}, got {response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (title is not null)
            Assert.Equal(title, JsonDocument.Parse(body).RootElement.GetProperty("title").GetString());
        return body;
    }
}

public sealed class StandaloneWebhookIngestionTests(StandaloneIngestionFixture fixture)
    : WebhookIngestionContract(fixture.Service), IClassFixture<StandaloneIngestionFixture>;

public sealed class DistributedWebhookIngestionTests(DistributedIngestionFixture fixture)
    : WebhookIngestionContract(fixture.Service), IClassFixture<DistributedIngestionFixture>;
