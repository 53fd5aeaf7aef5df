using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Micro.Edge;
using Micro.Ingestion;
using Micro.Testing;
using Micro.Testing.Fakes;

namespace Micro.PrLock.Tests;

/// <summary>
/// A consumer that keeps failing after its in-place retries (here: GitHub refusing commit statuses for longer than the retries last)
/// does not lose its message: it is kept in the service's database and redelivered later, and once its redelivery window is over it is
/// a dead letter an operator can see and send again.
/// </summary>
public sealed class RedeliveryTests : IAsyncLifetime
{
    const string Environment = "pr";
    FakeGitHub github = null!;
    PrLockService micro = null!;

    string StatusPath(int pullRequest) => $"/repos/{PullRequestWebhooks.Repository.ToLowerInvariant()}/statuses/{PullRequestWebhooks.ShaOf(pullRequest)}";

    public async Task InitializeAsync() => github = await FakeGitHub.Start();

    public async Task DisposeAsync()
    {
        await micro.DisposeAsync();
        await github.DisposeAsync();
    }

    async Task Start(string window) =>
        micro = await PrLockService.Start(new Dictionary<string, string?>
        {
            ["GitHub:WebhookSecrets:0"] = PullRequestWebhooks.Secret,
            ["GitHub:ApiUrl"] = github.ApiUrl.ToString(),
            ["GitHub:Token"] = FakeGitHub.Token,
            ["PrLock:Environments:pr:Repository"] = PullRequestWebhooks.Repository,
            ["Messaging:RetryLimit"] = "1",
            ["Messaging:Redelivery:Delays:0"] = "00:00:00.200",
            ["Messaging:Redelivery:PollInterval"] = "00:00:00.050",
            ["Messaging:Redelivery:Window"] = window,
        }, compose: host => host.AsDoor(EdgeHost.Standalone).Add(new IngestionModule()));

    [Fact]
    public async Task A_GitHub_outage_longer_than_the_retries_delays_the_status_instead_of_losing_it()
    {
        await Start(window: "01:00:00");
        await micro.Opened(21);
        github.Fail("POST", StatusPath(21), 502, "Server Error", times: 6);

        await micro.Acquire(Environment, 21);

        // Redeliveries come due on the service's clock, which the test holds: let it run.
        await Eventually.True(() =>
        {
            micro.Time.Advance(TimeSpan.FromSeconds(1));
            return github.CommitStatuses.Any(s => s.Sha == PullRequestWebhooks.ShaOf(21) && s.State == "success");
        }, "the status refused six times, three times as often as the retries allow, was posted in the end");
        Assert.Equal(7, github.Requests.Count(r => r.Path == StatusPath(21)));
        await Eventually.True(async () => (await Letters("waiting")).GetArrayLength() == 0, "nothing waits for redelivery any more");
        Assert.Equal(0, (await Letters("dead")).GetArrayLength());
    }

    [Fact]
    public async Task A_message_failing_past_its_window_is_a_dead_letter_that_can_be_sent_again()
    {
        await Start(window: "00:00:00");
        await micro.Opened(22);
        github.Fail("POST", StatusPath(22), 502, "Server Error", times: 1000);

        await micro.Acquire(Environment, 22);

        JsonElement dead = default;
        await Eventually.True(async () => (dead = await Letters("dead")).GetArrayLength() == 1, "the grant's status became a dead letter");
        var letter = dead[0];
        Assert.Equal("Micro.Contracts.PrLock.PrLockGranted", letter.GetProperty("messageType").GetString());
        Assert.Contains("502", letter.GetProperty("lastError").GetString());
        Assert.Equal(22, letter.GetProperty("body").GetProperty("pullRequestNumber").GetInt32());
        Assert.DoesNotContain(github.CommitStatuses, s => s.Sha == PullRequestWebhooks.ShaOf(22));

        github.ClearFailures();
        var retry = await micro.Client.PostAsync($"/api/prlock/dead-letters/{letter.GetProperty("id").GetInt64()}/retry", null);

        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        await Eventually.True(() => github.CommitStatuses.Any(s => s.Sha == PullRequestWebhooks.ShaOf(22) && s.State == "success"),
            "the dead letter sent again posted the status");
        await Eventually.True(async () => (await Letters("dead")).GetArrayLength() == 0, "the dead letter is gone once handled");
    }

    [Fact]
    public async Task Dead_letter_requests_with_bad_input_are_refused_by_name()
    {
        await Start(window: "01:00:00");

        var badState = await micro.Client.GetAsync("/api/prlock/dead-letters?state=sleeping");
        var badLimit = await micro.Client.GetAsync("/api/prlock/dead-letters?limit=0");
        var unknown = await micro.Client.PostAsync("/api/prlock/dead-letters/424242/retry", null);

        Assert.Equal(HttpStatusCode.BadRequest, badState.StatusCode);
        Assert.Contains("state", await badState.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
        Assert.Contains("limit", await badLimit.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    async Task<JsonElement> Letters(string state) =>
        (await micro.Client.GetFromJsonAsync<JsonElement>($"/api/prlock/dead-letters?state={state}")).GetProperty("items");
}
