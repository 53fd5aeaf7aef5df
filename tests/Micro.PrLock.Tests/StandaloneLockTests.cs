using MassTransit;
using Micro.Contracts.PrLock;
using Micro.Edge;
using Micro.Ingestion;
using Micro.PrLock.Data;
using Micro.PrLock.Locks;
using Micro.PrLock.PullRequests;
using Micro.Testing;
using Micro.Testing.Fakes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.PrLock.Tests;

/// <summary>
/// The standalone composition (door, ingestion, PR lock, one bus): GitHub's signed pull-request webhooks drive the locks, and the
/// fake GitHub API sees the commit statuses.
/// </summary>
public sealed class StandaloneLockTests : IAsyncLifetime
{
    const string Environment = "pr";
    const string Context = "micro/pr-lock/pr";
    FakeGitHub github = null!;
    PrLockService micro = null!;

    public async Task InitializeAsync()
    {
        github = await FakeGitHub.Start();
        micro = await PrLockService.Start(new Dictionary<string, string?>
        {
            ["GitHub:WebhookSecrets:0"] = PullRequestWebhooks.Secret,
            ["GitHub:ApiUrl"] = github.ApiUrl.ToString(),
            ["GitHub:Token"] = FakeGitHub.Token,
            // Spelt otherwise than GitHub spells it in the webhooks: repository names match whatever their case.
            ["PrLock:Environments:pr:Repository"] = PullRequestWebhooks.Repository.ToUpperInvariant(),
            ["PrLock:SweepInterval"] = "00:00:00.100",
        }, compose: micro => micro.AsDoor(EdgeHost.Standalone).Add(new IngestionModule()));
    }

    public async Task DisposeAsync()
    {
        await micro.DisposeAsync();
        await github.DisposeAsync();
    }

    [Fact]
    public async Task A_merged_holder_releases_the_lock_to_the_queue_and_each_pull_request_sees_its_status()
    {
        await Opened(1, 2);
        await micro.Acquire(Environment, 1);
        await micro.Acquire(Environment, 2);

        await Eventually.True(() => HasStatus(1, "success", "lock held"), "the holder's head shows it holds the lock");
        await Eventually.True(() => HasStatus(2, "pending", "waiting for lock held by #1"), "the waiting pull request shows whom it waits for");

        await PullRequestWebhooks.Deliver(micro.Client, "closed", 1, merged: true);

        await Eventually.True(async () => (await micro.State(Environment)).Number("holder") == 2, "the queue advanced past the merged pull request");
        var state = await micro.State(Environment);
        Assert.Equal("Started", state.Text("status"));
        var history = state.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(("pull request merged", "Completed"), (history[1].Text("reason"), history[1].Text("to")));
        await Eventually.True(() => HasStatus(2, "success", "lock held"), "the next pull request shows it holds the lock now");
    }

    [Fact]
    public async Task A_holder_closed_unmerged_aborts_and_a_closed_waiting_pull_request_leaves_the_queue()
    {
        await Opened(3, 4, 5);
        await micro.Acquire(Environment, 3);
        await micro.Acquire(Environment, 4);
        await micro.Acquire(Environment, 5);

        await PullRequestWebhooks.Deliver(micro.Client, "closed", 4);
        await Eventually.True(async () => (await micro.State(Environment)).GetProperty("queue").GetArrayLength() == 1, "the closed pull request left the queue");
        await PullRequestWebhooks.Deliver(micro.Client, "closed", 3);

        await Eventually.True(async () => (await micro.State(Environment)).Number("holder") == 5, "the lock went to the one still waiting");
        var history = (await micro.State(Environment)).GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(("pull request closed", "Aborted"), (history[1].Text("reason"), history[1].Text("to")));
        Assert.Equal(0, (await micro.State(Environment)).GetProperty("queue").GetArrayLength());
    }

    [Fact]
    public async Task An_expired_holder_is_released_by_the_sweeper_and_its_commit_shows_the_error()
    {
        await Opened(6, 7);
        await micro.Acquire(Environment, 6);
        await micro.Acquire(Environment, 7);

        micro.Time.Advance(TimeSpan.FromDays(7));

        await Eventually.True(() => HasStatus(6, "error", "lock expired"), "the expired holder's commit shows the error");
        await Eventually.True(() => HasStatus(7, "success", "lock held"), "the waiting pull request got the lock");
    }

    [Fact]
    public async Task A_GitHub_error_never_fails_a_decision_and_a_transient_one_is_retried()
    {
        await Opened(12, 13);
        github.Fail("POST", $"/repos/{PullRequestWebhooks.Repository.ToLowerInvariant()}/statuses/{PullRequestWebhooks.ShaOf(12)}", 502, "Server Error");
        github.Fail("POST", $"/repos/{PullRequestWebhooks.Repository.ToLowerInvariant()}/statuses/{PullRequestWebhooks.ShaOf(13)}", 422, "Validation Failed");

        var granted = await micro.Acquire(Environment, 12);
        var refused = await micro.Acquire(Environment, 13);

        Assert.Equal("acquired", (await granted.Json()).Text("result"));
        Assert.Equal("locked", (await refused.Json()).Text("result"));
        await Eventually.True(() => HasStatus(12, "success", "lock held"), "the status refused with 502 was posted again");
        await Eventually.True(() => StatusRequests(13) >= 1, "the status refused with 422 was tried");
        // The retry of the 502 has come and gone by now; a 422 is not worth one.
        Assert.Equal(1, StatusRequests(13));
        Assert.False(HasStatus(13, "pending", "waiting for lock held by #12"));
    }

    [Fact]
    public async Task Without_a_known_head_commit_no_status_is_posted_and_the_lock_still_works()
    {
        var response = await micro.Acquire(Environment, 99);

        Assert.Equal("acquired", (await response.Json()).Text("result"));
        await Eventually.True(() => micro.Events.Granted.Any(e => e.PullRequestNumber == 99), "the grant was published");
        Assert.DoesNotContain(github.CommitStatuses, status => status.Sha == PullRequestWebhooks.ShaOf(99));
    }

    [Fact]
    public async Task A_new_head_commit_gets_the_status_its_pull_request_has()
    {
        await Opened(10, 11);
        await micro.Acquire(Environment, 10);
        await micro.Acquire(Environment, 11);
        var (holderCommit, waitingCommit) = (new string('b', 40), new string('c', 40));

        await PullRequestWebhooks.Deliver(micro.Client, "synchronize", 10, sha: holderCommit);
        await PullRequestWebhooks.Deliver(micro.Client, "synchronize", 11, sha: waitingCommit);

        await Eventually.True(() => HasStatus(holderCommit, "success", "lock held"), "the holder's new commit shows it holds the lock");
        await Eventually.True(() => HasStatus(waitingCommit, "pending", "waiting for lock held by #10"), "the waiting pull request's new commit shows it waits");
    }

    [Fact]
    public async Task An_event_handled_late_does_not_put_an_old_status_back()
    {
        await Opened(1, 2);
        await micro.Acquire(Environment, 1);
        await micro.Acquire(Environment, 2);
        await micro.Post(Environment, "complete", 1);
        await Eventually.True(() => HasStatus(2, "success", "lock held"), "the next pull request shows it holds the lock");
        var posted = github.CommitStatuses.Count;

        // The queued notice of #2, redelivered (or reordered) after the hand-over it no longer describes; then a marker event.
        var bus = micro.Services.GetRequiredService<IBus>();
        var repository = (await micro.State(Environment)).Text("repository");
        await bus.Publish(new PrLockQueued(Environment, 2, repository, 1, 1));
        await bus.Publish(new PrLockGranted(Environment, 2, repository, DateTime.UtcNow, FromQueue: true));

        await Eventually.True(() => github.CommitStatuses.Count > posted, "the marker's status was posted");
        Assert.Equal(("success", "lock held"), (github.CommitStatuses[^1].State, github.CommitStatuses[^1].Description));
        Assert.DoesNotContain(github.CommitStatuses.Skip(posted), status => status.State == "pending");
    }

    [Fact]
    public async Task A_close_delivered_after_the_reopen_that_followed_it_does_not_release_the_lock()
    {
        var closedAt = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
        await Opened(30);
        await micro.Acquire(Environment, 30);

        await Handled(await PullRequestWebhooks.Deliver(micro.Client, "reopened", 30, updatedAt: closedAt.AddMinutes(1)));
        await Handled(await PullRequestWebhooks.Deliver(micro.Client, "closed", 30, updatedAt: closedAt));

        var state = await micro.State(Environment);
        Assert.Equal(("Started", 30), (state.Text("status"), state.Number("holder")));
        Assert.Single(state.GetProperty("history").EnumerateArray());

        // The same reopen again is no older than itself, and a close after it does release the lock.
        await Handled(await PullRequestWebhooks.Deliver(micro.Client, "reopened", 30, updatedAt: closedAt.AddMinutes(1)));
        await PullRequestWebhooks.Deliver(micro.Client, "closed", 30, updatedAt: closedAt.AddMinutes(2));
        await Eventually.True(async () => (await micro.State(Environment)).Text("status") == "Aborted", "the newer close released the lock");
    }

    [Fact]
    public async Task A_push_delivered_late_does_not_move_the_head_commit_back()
    {
        var pushedAt = new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);
        var (older, newer) = (new string('e', 40), new string('f', 40));
        await Opened(31);
        await micro.Acquire(Environment, 31);

        await Handled(await PullRequestWebhooks.Deliver(micro.Client, "synchronize", 31, sha: newer, updatedAt: pushedAt.AddMinutes(1)));
        await Handled(await PullRequestWebhooks.Deliver(micro.Client, "synchronize", 31, sha: older, updatedAt: pushedAt));

        await using var db = await micro.Services.GetRequiredService<IDbContextFactory<PrLockDbContext>>().CreateDbContextAsync();
        Assert.Equal(newer, (await db.Heads.SingleAsync(h => h.Number == 31)).HeadSha);
        Assert.True(HasStatus(newer, "success", "lock held"));
        Assert.DoesNotContain(github.CommitStatuses, status => status.Sha == older);
    }

    [Fact]
    public async Task A_pull_request_that_does_not_take_up_the_lock_handed_to_it_is_shown_it_passed_on()
    {
        await Opened(40, 41);
        await micro.Acquire(Environment, 40);
        await micro.Acquire(Environment, 41);
        await micro.Post(Environment, "complete", 40);
        await Eventually.True(() => HasStatus(41, "success", "lock held"), "the pull request the lock was handed to shows it holds it");

        micro.Time.Advance(TimeSpan.FromMinutes(31));

        await Eventually.True(() => HasStatus(41, "error", LockStatusReporter.PassedOn), "its commit shows the lock passed on");
        Assert.Equal("Aborted", (await micro.State(Environment)).Text("status"));
    }

    Task Handled(string deliveryId) => Eventually.True(() => micro.Consumed.Contains(deliveryId), $"delivery {deliveryId} was handled");

    Task Opened(params int[] pullRequests) => micro.Opened(pullRequests);

    int StatusRequests(int pullRequest) => github.Requests.Count(r => r.Path.EndsWith(PullRequestWebhooks.ShaOf(pullRequest), StringComparison.Ordinal));

    bool HasStatus(int pullRequest, string state, string description) => HasStatus(PullRequestWebhooks.ShaOf(pullRequest), state, description);

    bool HasStatus(string sha, string state, string description) =>
        github.CommitStatuses.Any(status => status.Repository.Equals(PullRequestWebhooks.Repository, StringComparison.OrdinalIgnoreCase)
            && status.Sha == sha && status.Context == Context && status.State == state && status.Description == description);
}
