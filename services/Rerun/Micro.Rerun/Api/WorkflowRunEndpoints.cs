using System.Globalization;
using System.Text.Json;
using Micro.Rerun.Data;
using Micro.Rerun.GitHubActions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Micro.Rerun.Api;

/// <summary>Decisions about GitHub Actions runs: <c>/api/rerun/runs</c>.</summary>
static class WorkflowRunEndpoints
{
    const int DefaultLimit = 50;
    const int MaxLimit = 500;

    public static RouteGroupBuilder MapWorkflowRuns(this RouteGroupBuilder api)
    {
        var runs = api.MapGroup("/runs").WithTags("Workflow runs");
        runs.MapGet("/", List).WithSummary("List run attempts and their decisions");
        runs.MapGet("/{owner}/{repo}/{runId}", Get).WithSummary("A workflow run's attempts, jobs and decisions")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return runs;
    }

    /// <summary>Run attempts, most recently first seen first, optionally of one repository.</summary>
    static async Task<Results<Ok<RunAttemptList>, ValidationProblem>> List(
        RerunDbContext db, string? repository, string? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var take = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, CultureInfo.InvariantCulture, out take) || take is < 1 or > MaxLimit))
            errors["limit"] = [$"limit must be a whole number from 1 to {MaxLimit}"];
        if (repository is not null && repository.Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
            errors["repository"] = ["repository must be owner/name, e.g. octo-org/octo-repo"];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var query = db.Set<WorkflowRunAttemptState>().AsNoTracking();
        if (repository is not null)
        {
            var key = repository.ToLowerInvariant();
            query = query.Where(attempt => attempt.RepositoryKey == key);
        }

        var found = await query.OrderByDescending(attempt => attempt.FirstSeenAt).ThenByDescending(attempt => attempt.RunId)
            .ThenByDescending(attempt => attempt.RunAttempt).Take(take).ToListAsync(cancellationToken);
        return TypedResults.Ok(new RunAttemptList(found.Select(attempt => View(attempt, withJobs: false)).ToList()));
    }

    static async Task<Results<Ok<WorkflowRunView>, ValidationProblem, ProblemHttpResult>> Get(
        RerunDbContext db, string owner, string repo, string runId, CancellationToken cancellationToken)
    {
        if (!long.TryParse(runId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["runId"] = ["runId must be a workflow run id (a whole number)"] });

        var key = $"{owner}/{repo}".ToLowerInvariant();
        var attempts = await db.Set<WorkflowRunAttemptState>().AsNoTracking()
            .Where(attempt => attempt.RepositoryKey == key && attempt.RunId == id).OrderBy(attempt => attempt.RunAttempt)
            .ToListAsync(cancellationToken);
        if (attempts.Count == 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown workflow run",
                detail: $"No event of run {id} in {owner}/{repo} has reached Micro.");
        }

        return TypedResults.Ok(new WorkflowRunView(attempts[0].Repository, id, attempts.Select(attempt => View(attempt, withJobs: true)).ToList()));
    }

    static RunAttemptView View(WorkflowRunAttemptState attempt, bool withJobs) =>
        new(attempt.Repository, attempt.RunId, attempt.RunAttempt, attempt.WorkflowName, attempt.HeadBranch, attempt.Actor, State(attempt),
            attempt.Decision, attempt.Reason, attempt.GitHubAnswer, attempt.RunConclusion,
            withJobs ? attempt.Jobs.Select(job => new JobView(job.Id, job.Name, job.Status, job.Conclusion)).ToList() : null,
            attempt.FirstSeenAt, attempt.UpdatedAt, attempt.FinalAt, attempt.DueAt, attempt.RequestedAt);

    /// <summary>The saga's state, kebab-case like every other word the API shows: tracking, rerun-due, decided.</summary>
    static string State(WorkflowRunAttemptState attempt) =>
        JsonNamingPolicy.KebabCaseLower.ConvertName(attempt.CurrentState);
}
