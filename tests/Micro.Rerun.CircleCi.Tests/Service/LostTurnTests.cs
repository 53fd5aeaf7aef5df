using Micro.Rerun.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.Rerun.CircleCi.Tests.Service;

/// <summary>What the sweeper recovers: a request whose hand-over or whose worker was lost is still carried out.</summary>
public sealed class LostTurnTests : FakeApiTests
{
    [Fact]
    public async Task A_turn_whose_worker_never_reported_back_is_given_again()
    {
        GivenWorkflow("failed");
        await using var service = await RerunService.Standalone(GitHub, CircleCi,
            new Dictionary<string, string?> { ["Rerun:CircleCi:ExecutionTimeout"] = "00:00:01" });
        var request = await Stored(service, CircleCiRerunRequest.Running);
        await using (var db = await Database(service))
        {
            // As a replica leaves it when it dies in the middle of the procedure.
            db.Add(new CircleCiWorkflowRerunState
            {
                CorrelationId = request.WorkflowKey,
                CurrentState = "Executing",
                ProjectSlug = Slug,
                WorkflowName = Workflow,
                ActiveRequestId = request.Id,
                ActiveSince = DateTime.UtcNow.AddMinutes(-5),
            });
            await db.SaveChangesAsync();
        }

        var done = await service.Completed(request.Id);

        Assert.Equal("rerun-requested", done.Outcome);
        Assert.Single(CircleCi.Reruns);
    }

    [Fact]
    public async Task A_stored_request_that_was_never_handed_on_is_handed_on()
    {
        GivenWorkflow("failed");
        await using var service = await RerunService.Standalone(GitHub, CircleCi,
            new Dictionary<string, string?> { ["Rerun:CircleCi:RequeueAfter"] = "00:00:00.200" });

        var request = await Stored(service, CircleCiRerunRequest.Queued);

        Assert.Equal("rerun-requested", (await service.Completed(request.Id)).Outcome);
    }

    /// <summary>A request row as the API stores it, without the message that normally follows it.</summary>
    static async Task<CircleCiRerunRequest> Stored(RerunService service, string state)
    {
        var request = new CircleCiRerunRequest
        {
            Id = Guid.NewGuid(),
            WorkflowKey = WorkflowKey.Of(Repository, "release/", Slug, Workflow),
            Repository = Repository,
            BranchPrefix = "release/",
            ProjectSlug = Slug,
            WorkflowName = Workflow,
            Trigger = "api",
            State = state,
            CreatedAt = DateTime.UtcNow.AddMinutes(-5),
        };
        await using var db = await Database(service);
        db.Add(request);
        await db.SaveChangesAsync();
        return request;
    }

    static Task<RerunDbContext> Database(RerunService service) =>
        service.Services.GetRequiredService<IDbContextFactory<RerunDbContext>>().CreateDbContextAsync();
}
