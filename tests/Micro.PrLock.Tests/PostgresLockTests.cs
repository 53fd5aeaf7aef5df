using System.Net;
using MassTransit;
using Micro.Contracts.GitHub;
using Micro.PrLock.Data;
using Micro.PrLock.Locks;
using Micro.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.PrLock.Tests;

/// <summary>The rules that depend on stored columns and queries, on PostgreSQL with its migrations, as deployments run them.</summary>
public sealed class PostgresLockTests : IAsyncLifetime
{
    PostgresDatabase database = null!;
    PrLockService service = null!;

    public async Task InitializeAsync()
    {
        database = PostgresDatabase.Reserve("prlock_rules");
        service = await PrLockService.Start(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:PrLock"] = database.ConnectionString,
            ["PrLock:SweepInterval"] = "00:00:00.100",
        });
    }

    public async Task DisposeAsync()
    {
        await service.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task Names_ignore_case_and_an_untaken_hand_over_passes_on()
    {
        await service.Acquire("QA", 1);
        await service.Acquire("qa", 2);
        await service.Acquire("Qa", 3);
        await service.Post("qA", "complete", 1);

        service.Time.Advance(TimeSpan.FromMinutes(31));

        await Eventually.True(async () => (await service.State("QA")).Number("holder") == 3, "the untaken hand-over passed on");
        var state = await service.State("qa");
        Assert.Equal(("qa", "Started"), (state.Text("environment"), state.Text("status")));
        Assert.Equal("grant not taken up", state.GetProperty("history")[1].Text("reason"));
    }

    [Fact]
    public async Task A_transition_on_an_expired_lock_answers_expired()
    {
        await service.Acquire("late", 1);
        service.Time.Advance(TimeSpan.FromDays(7));

        var response = await service.Post("late", "complete", 1);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(("expired", "Aborted"), ((await response.Json()).Text("result"), (await service.State("late")).Text("status")));
    }

    [Fact]
    public async Task An_event_older_than_one_applied_is_ignored()
    {
        var at = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
        var bus = service.Services.GetRequiredService<IBus>();

        await Handled(bus, PullRequestAction.Synchronize, new string('b', 40), at.AddMinutes(1));
        await Handled(bus, PullRequestAction.Synchronize, new string('a', 40), at);

        await using var db = await service.Services.GetRequiredService<IDbContextFactory<PrLockDbContext>>().CreateDbContextAsync();
        var head = await db.Heads.SingleAsync(h => h.Number == 5);
        Assert.Equal((new string('b', 40), at.AddMinutes(1).UtcDateTime), (head.HeadSha, head.GitHubUpdatedAt));
    }

    async Task Handled(IBus bus, PullRequestAction action, string sha, DateTimeOffset updatedAt)
    {
        var deliveryId = Guid.NewGuid().ToString();
        await bus.Publish(new PullRequestEvent(new GitHubEventOrigin(deliveryId, new GitHubRepository("acme/web", "https://github.com/acme/web"), null, "octocat"),
            action, 5, "feature", sha, "main", "octocat", false, updatedAt));
        await Eventually.True(() => service.Consumed.Contains(deliveryId), "the event was handled");
    }
}
