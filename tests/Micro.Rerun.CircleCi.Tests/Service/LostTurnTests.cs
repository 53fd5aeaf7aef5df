using Micro.Rerun.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.Rerun.CircleCi.Tests.Service;

/// <summary>
/// What the sweeper recovers: a request whose hand-over or whose worker was lost is still carried out, and a rerun call whose
/// outcome was lost with its worker is settled by what CircleCI lists rather than made twice.
/// </summary>
public sealed class LostTurnTests : FakeApiTests
{
    [Fact]
    public async Task A_turn_whose_worker_never_reported_back_is_given_again()
    {
        GivenWorkflow("failed");
        await using var service = await RerunService.Standalone(GitHub, CircleCi,
            new Dictionary<string, string?> { ["Rerun:CircleCi:ExecutionTimeout"] = "00:00:01" });
        var request = await Stored(service, CircleCiRerunRequest.Running);
        await Executing(service, request);

        var done = await service.Completed(request.Id);

        Assert.Equal("rerun-requested", done.Outcome);
        Assert.Single(CircleCi.Reruns);
    }

    [Fact]
    public async Task A_turn_given_again_after_a_crash_between_the_rerun_call_and_its_record_finds_the_rerun_without_calling_again()
    {
        GitHub.SetBranches(Repository, "main", "release/1.4");
        var pipeline = CircleCi.AddPipeline(Slug, "release/1.4");
        var original = CircleCi.AddWorkflow(pipeline, Workflow, "failed");
        // What CircleCI made of the call whose answer died with the replica; another workflow started meanwhile is not it.
        var rerun = CircleCi.AddWorkflow(pipeline, Workflow, "running", DateTimeOffset.UtcNow.AddSeconds(1));
        CircleCi.AddWorkflow(pipeline, "build_and_test", "running", DateTimeOffset.UtcNow.AddSeconds(2));
        await using var service = await RerunService.Standalone(GitHub, CircleCi,
            new Dictionary<string, string?> { ["Rerun:CircleCi:ExecutionTimeout"] = "00:00:01" });
        var request = await Stored(service, CircleCiRerunRequest.Running, Claimed(pipeline, original));
        await Executing(service, request);

        var done = await service.Completed(request.Id);

        Assert.Equal(("rerun-requested", rerun, original), (done.Outcome, done.RerunWorkflowId, done.WorkflowId));
        Assert.Empty(CircleCi.Reruns);
        Assert.DoesNotContain(CircleCi.Requests, call => call.Method == "POST");
    }

    [Fact]
    public async Task A_claimed_call_circleci_never_listed_is_made_again_once_it_would_have_shown()
    {
        GitHub.SetBranches(Repository, "main", "release/1.4");
        var pipeline = CircleCi.AddPipeline(Slug, "release/1.4");
        var original = CircleCi.AddWorkflow(pipeline, Workflow, "failed");
        await using var service = await RerunService.Standalone(GitHub, CircleCi, new Dictionary<string, string?>
        {
            ["Rerun:CircleCi:ExecutionTimeout"] = "00:00:01",
            ["Rerun:CircleCi:VisibilityTimeout"] = "00:00:00",
        });
        var request = await Stored(service, CircleCiRerunRequest.Running, Claimed(pipeline, original));
        await Executing(service, request);

        var done = await service.Completed(request.Id);

        var rerun = Assert.Single(CircleCi.Reruns);
        Assert.Equal(("rerun-requested", rerun.NewWorkflowId), (done.Outcome, done.RerunWorkflowId));
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
    static async Task<CircleCiRerunRequest> Stored(RerunService service, string state, Action<CircleCiRerunRequest>? change = null)
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
        change?.Invoke(request);
        await using var db = await Database(service);
        db.Add(request);
        await db.SaveChangesAsync();
        return request;
    }

    /// <summary>As a replica leaves a request when it dies after claiming the rerun call: what it found, and since when it calls.</summary>
    static Action<CircleCiRerunRequest> Claimed(string pipelineId, string workflowId) => request =>
    {
        request.Branch = "release/1.4";
        request.BranchCount = 1;
        request.PipelineId = pipelineId;
        request.PipelineNumber = 1;
        request.WorkflowId = workflowId;
        request.WorkflowStatus = "failed";
        request.ClaimedAt = DateTime.UtcNow.AddMinutes(-5);
        request.RerunCalls = 1;
    };

    /// <summary>As a replica leaves the saga when it dies in the middle of the procedure.</summary>
    static async Task Executing(RerunService service, CircleCiRerunRequest request)
    {
        await using var db = await Database(service);
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

    static Task<RerunDbContext> Database(RerunService service) =>
        service.Services.GetRequiredService<IDbContextFactory<RerunDbContext>>().CreateDbContextAsync();
}
