using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Micro.Testing;

namespace Micro.Rerun.Tests;

/// <summary>What a test does through Micro's door: deliver signed webhooks, read the decisions back from the API.</summary>
public static class RerunApiCalls
{
    public const string WebhookSecret = "rerun-test-secret";

    public static async Task Deliver(this HttpClient client, Webhook webhook, string? deliveryId = null)
    {
        var body = Encoding.UTF8.GetBytes(webhook.Body);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/github") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add("X-GitHub-Event", webhook.Event);
        request.Headers.Add("X-GitHub-Delivery", deliveryId ?? Guid.NewGuid().ToString());
        request.Headers.Add("X-Hub-Signature-256", GitHubWebhookSigner.Sign(WebhookSecret, body));
        using var response = await client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"delivery answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    public static async Task DeliverAll(this HttpClient client, IEnumerable<Webhook> webhooks)
    {
        foreach (var webhook in webhooks)
            await client.Deliver(webhook);
    }

    /// <summary>The API's view of one run attempt, or null while Micro has not seen it.</summary>
    public static async Task<JsonElement?> Attempt(this HttpClient client, string repository, long runId, int runAttempt = 1)
    {
        using var response = await client.GetAsync($"/api/rerun/runs/{repository}/{runId}");
        if (response.StatusCode == HttpStatusCode.NotFound)
            return null;
        response.EnsureSuccessStatusCode();
        var run = await response.Content.ReadFromJsonAsync<JsonElement>();
        return run.GetProperty("attempts").EnumerateArray()
            .Select(attempt => (JsonElement?)attempt)
            .FirstOrDefault(attempt => attempt!.Value.GetProperty("runAttempt").GetInt32() == runAttempt);
    }

    /// <summary>Waits until the attempt is in one of <paramref name="states"/>, and returns it.</summary>
    public static async Task<JsonElement> AttemptIn(this HttpClient client, string[] states, string repository, long runId, int runAttempt = 1)
    {
        JsonElement? found = null;
        await Eventually.True(async () =>
        {
            found = await client.Attempt(repository, runId, runAttempt);
            return states.Contains(found?.GetProperty("state").GetString());
        }, $"{repository} run {runId} attempt {runAttempt} is {string.Join(" or ", states)}");
        return found!.Value;
    }

    public static Task<JsonElement> AttemptIn(this HttpClient client, string state, string repository, long runId, int runAttempt = 1) =>
        client.AttemptIn([state], repository, runId, runAttempt);

    /// <summary>Waits until the attempt has a decision: settled (nothing to call) or decided (GitHub was asked).</summary>
    public static Task<JsonElement> Decided(this HttpClient client, string repository, long runId, int runAttempt = 1) =>
        client.AttemptIn(["settled", "decided"], repository, runId, runAttempt);

    public static string Decision(this JsonElement attempt) => attempt.GetProperty("decision").GetString()!;

    public static string Reason(this JsonElement attempt) => attempt.GetProperty("reason").GetString()!;

    /// <summary>A repository name no other test uses, so that tests sharing a broker or a fake never see each other's runs.</summary>
    public static string NewRepository(string name) => $"acme/{name}-{Guid.NewGuid():N}"[..Math.Min(name.Length + 14, 100)];
}
