using System.Net;
using Micro.Testing;

namespace Micro.PrLock.Tests;

/// <summary>Refused pull requests wait in order and get the lock, with an event, when it is released.</summary>
public sealed class QueueTests : IAsyncLifetime
{
    PrLockService service = null!;

    public async Task InitializeAsync() => service = await PrLockService.Start(new Dictionary<string, string?> { ["PrLock:SweepInterval"] = "00:00:00.100" });

    public async Task DisposeAsync() => await service.DisposeAsync();

    [Fact]
    public async Task Refused_pull_requests_wait_once_each_in_the_order_they_asked()
    {
        await service.Acquire("queue", 1);

        var second = await (await service.Acquire("queue", 2)).Json();
        var third = await (await service.Acquire("queue", 3)).Json();
        var secondAgain = await (await service.Acquire("queue", 2)).Json();

        Assert.Equal(1, second.Number("queuePosition"));
        Assert.Equal(2, third.Number("queuePosition"));
        Assert.Equal(1, secondAgain.Number("queuePosition"));
        var queue = (await service.State("queue")).GetProperty("queue").EnumerateArray().Select(w => w.Number("pullRequest"));
        Assert.Equal([2, 3], queue);
        await Eventually.True(() => service.Events.Queued.Count(e => e.Environment == "queue") == 2, "each waiting pull request was announced once");
    }

    [Theory]
    [InlineData("complete", "Completed")]
    [InlineData("abort", "Aborted")]
    public async Task Releasing_hands_the_lock_to_the_first_waiting_pull_request(string release, string released)
    {
        var environment = $"handover-{release}";
        await service.Acquire(environment, 1);
        await service.Acquire(environment, 2);
        await service.Acquire(environment, 3);

        await service.Post(environment, release, 1);

        var state = await service.State(environment);
        Assert.Equal("Started", state.Text("status"));
        Assert.Equal(2, state.Number("holder"));
        Assert.Equal([3], state.GetProperty("queue").EnumerateArray().Select(w => w.Number("pullRequest")));
        var latest = state.GetProperty("history")[0];
        Assert.Equal("next in queue", latest.Text("reason"));
        Assert.Equal(released, latest.Text("from"));
        await Eventually.True(() => service.Events.Granted.Any(e => e.Environment == environment && e.PullRequestNumber == 2 && e.FromQueue),
            "the next pull request heard it holds the lock");
        await Eventually.True(() => service.Events.Released.Any(e => e.Environment == environment && e.PullRequestNumber == 1 && e.Status == released),
            "the release was announced");

        // Its pipeline, run again, resumes the lock it was handed and applies master as on a fresh start.
        var resumed = await (await service.Acquire(environment, 2)).Json();
        Assert.Equal("resumed", resumed.Text("result"));
        Assert.Equal("Started", resumed.Text("status"));
        Assert.Equal(HttpStatusCode.Conflict, (await service.Acquire(environment, 4)).StatusCode);
    }

    [Fact]
    public async Task Reset_advances_the_queue()
    {
        await service.Acquire("reset-queue", 1);
        await service.Acquire("reset-queue", 2);

        await service.Client.PostAsync("/api/locks/reset-queue/reset", null);

        var state = await service.State("reset-queue");
        Assert.Equal(2, state.Number("holder"));
        Assert.Equal("Started", state.Text("status"));
    }

    [Fact]
    public async Task The_sweeper_releases_an_expired_lock_in_flight_when_someone_waits()
    {
        await service.Acquire("swept", 1);
        await service.Post("swept", "master-applied", 1);
        await service.Acquire("swept", 2);
        await service.Acquire("idle", 5);

        service.Time.Advance(TimeSpan.FromDays(6) + TimeSpan.FromSeconds(1));

        await Eventually.True(async () => (await service.State("swept")).Number("holder") == 2, "the sweeper handed the expired lock on");
        var state = await service.State("swept");
        Assert.Equal("Started", state.Text("status"));
        var history = state.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal("expired", history[1].Text("reason"));
        Assert.Equal("MasterApplied", history[1].Text("from"));
        Assert.Equal("Aborted", history[1].Text("to"));
        await Eventually.True(() => service.Events.Released.Any(e => e.Environment == "swept" && e.PullRequestNumber == 1 && e.Expired),
            "the expiry was announced");

        // Nobody waits for "idle": it stays as it is until the next acquire decides by the table.
        var idle = await service.State("idle");
        Assert.Equal("Started", idle.Text("status"));
        Assert.True(idle.GetProperty("expired").GetBoolean());
    }

    [Fact]
    public async Task A_hand_over_not_taken_up_in_time_passes_on_to_the_next_and_then_is_released()
    {
        await service.Acquire("untaken", 1);
        await service.Acquire("untaken", 2);
        await service.Acquire("untaken", 3);
        await service.Post("untaken", "complete", 1);
        var handedOver = service.Time.GetUtcNow();
        Assert.Equal(handedOver, (await service.State("untaken")).Time("handedOverAt"));

        service.Time.Advance(TimeSpan.FromMinutes(30) + TimeSpan.FromSeconds(1));

        await Eventually.True(async () => (await service.State("untaken")).Number("holder") == 3, "the hand-over passed on to the next waiting");
        var state = await service.State("untaken");
        Assert.Equal(("Started", 0), (state.Text("status"), state.GetProperty("queue").GetArrayLength()));
        var passed = state.GetProperty("history")[1];
        Assert.Equal(("grant not taken up", "Started", 2, "Aborted"), (passed.Text("reason"), passed.Text("from"), passed.Number("fromHolder"), passed.Text("to")));
        Assert.Equal(("next in queue", 3), (state.GetProperty("history")[0].Text("reason"), state.GetProperty("history")[0].Number("toHolder")));
        await Eventually.True(() => service.Events.Released.Any(e => e.Environment == "untaken" && e.PullRequestNumber == 2 && e.Reason == "grant not taken up"),
            "the release was announced");
        await Eventually.True(() => service.Events.Granted.Any(e => e.Environment == "untaken" && e.PullRequestNumber == 3 && e.FromQueue),
            "the next pull request heard it holds the lock");

        // Nobody waits behind 3: when it does not take the lock up either, the lock is released.
        service.Time.Advance(TimeSpan.FromMinutes(31));

        await Eventually.True(async () => (await service.State("untaken")).Text("status") == "Aborted", "the untaken lock was released");
        Assert.Equal(3, (await service.State("untaken")).Number("holder"));
        Assert.Equal(HttpStatusCode.OK, (await service.Acquire("untaken", 4)).StatusCode);
    }

    [Theory]
    [InlineData("acquire")]
    [InlineData("master-applied")]
    public async Task A_hand_over_taken_up_by_its_pipeline_stays_with_it(string takeUp)
    {
        await service.Acquire("taken", 1);
        await service.Acquire("taken", 2);
        await service.Acquire("taken", 3);
        await service.Post("taken", "complete", 1);
        service.Time.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, (await service.Post("taken", takeUp, 2)).StatusCode);
        Assert.False((await service.State("taken")).TryGetProperty("handedOverAt", out _));
        // A hand-over elsewhere, left alone: once the sweeper has passed it on twice, it has looked at "taken" after the timeout.
        await service.Acquire("marker", 1);
        await service.Acquire("marker", 2);
        await service.Acquire("marker", 3);
        await service.Post("marker", "complete", 1);

        service.Time.Advance(TimeSpan.FromMinutes(31));
        await Eventually.True(async () => (await service.State("marker")).Number("holder") == 3, "the marker's hand-over passed on");
        service.Time.Advance(TimeSpan.FromMinutes(31));
        await Eventually.True(async () => (await service.State("marker")).Text("status") == "Aborted", "the marker's second hand-over was released");

        var state = await service.State("taken");
        Assert.Equal((2, takeUp == "acquire" ? "Started" : "MasterApplied"), (state.Number("holder"), state.Text("status")));
        Assert.DoesNotContain(state.GetProperty("history").EnumerateArray(), entry => entry.Text("reason") == "grant not taken up");
    }

    [Fact]
    public async Task A_release_is_answered_with_the_lock_as_the_queue_left_it()
    {
        await service.Acquire("answered", 1);
        await service.Acquire("answered", 2);

        var completed = await (await service.Post("answered", "complete", 1)).Json();

        Assert.Equal(("Started", 2), (completed.Text("status"), completed.Number("holder")));
    }

    [Fact]
    public async Task A_waiting_pull_request_that_aborts_is_refused_and_leaves_the_queue()
    {
        await service.Acquire("gave-up", 1);
        await service.Acquire("gave-up", 2);
        await service.Acquire("gave-up", 3);

        var abort = await service.Post("gave-up", "abort", 2);
        await service.Post("gave-up", "complete", 1);

        Assert.Equal(HttpStatusCode.Conflict, abort.StatusCode);
        var state = await service.State("gave-up");
        Assert.Equal(3, state.Number("holder"));
        Assert.Empty(state.GetProperty("queue").EnumerateArray());
    }

    [Fact]
    public async Task A_refused_pull_request_of_another_repository_does_not_move_the_environment()
    {
        await service.Acquire("owned", 1, "acme/web");

        await service.Acquire("owned", 2, "other/repo");

        Assert.Equal("acme/web", (await service.State("owned")).Text("repository"));
    }

    [Fact]
    public async Task A_new_environment_is_not_expired()
    {
        await service.Post("fresh", "reset", 0);
        service.Time.Advance(TimeSpan.FromMinutes(1));

        var state = await service.State("fresh");
        Assert.Equal(("Aborted", 0, false), (state.Text("status"), state.Number("holder"), state.GetProperty("expired").GetBoolean()));
    }
}
