using System.Globalization;
using Micro.GitHub;
using Micro.Rerun.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Micro.Rerun.CircleCi;

/// <summary><c>/api/rerun/circleci</c>: ask for a branch re-run, and follow it.</summary>
static class CircleCiRerunEndpoints
{
    const int DefaultLimit = 50;
    const int MaxLimit = 500;

    public static RouteGroupBuilder MapCircleCiReruns(this RouteGroupBuilder api)
    {
        var reruns = api.MapGroup("/circleci").WithTags("CircleCI reruns");
        reruns.MapPost("/", Request).WithSummary("Ask for a CircleCI workflow re-run on the branch matching a prefix");
        reruns.MapGet("/", List).WithSummary("CircleCI re-run requests, newest first");
        reruns.MapGet("/{id:guid}", Get).WithSummary("A CircleCI re-run request and its outcome")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return reruns;
    }

    /// <summary>Stored before the answer, so a 202 is never lost; the saga takes it from there.</summary>
    static async Task<Results<Accepted<CircleCiRerunAccepted>, ValidationProblem>> Request(
        CircleCiRerunInput? input, CircleCiRerunIntake intake, CancellationToken cancellationToken)
    {
        var errors = Problems(input);
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var request = new CircleCiRerunRequest
        {
            Id = Guid.CreateVersion7(),
            Repository = input!.GithubRepository!.Trim(),
            BranchPrefix = input.BranchPrefix!,
            ProjectSlug = input.ProjectSlug!.Trim(),
            WorkflowName = input.WorkflowName!.Trim(),
            DryRun = input.DryRun ?? false,
            Trigger = "api",
        };
        await intake.Submit(request, cancellationToken);
        return TypedResults.Accepted($"/api/rerun/circleci/{request.Id}", new CircleCiRerunAccepted(request.Id, request.State));
    }

    /// <summary>Requests, newest first, optionally of one GitHub repository.</summary>
    static async Task<Results<Ok<CircleCiRerunList>, ValidationProblem>> List(
        RerunDbContext db, string? repository, string? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var take = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > MaxLimit))
            errors["limit"] = [$"limit must be a whole number from 1 to {MaxLimit}"];
        if (repository is not null && !GitHubPaths.IsRepository(repository))
            errors["repository"] = ["repository must be owner/name, e.g. acme/core-api"];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var query = db.Set<CircleCiRerunRequest>().AsNoTracking();
        if (repository is not null)
            query = query.Where(request => request.Repository == repository);
        var found = await query.OrderByDescending(request => request.CreatedAt).ThenByDescending(request => request.Id).Take(take)
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new CircleCiRerunList(found.Select(CircleCiRerunView.Of).ToList()));
    }

    static async Task<Results<Ok<CircleCiRerunView>, ProblemHttpResult>> Get(RerunDbContext db, Guid id, CancellationToken cancellationToken)
    {
        var request = await db.Set<CircleCiRerunRequest>().AsNoTracking().SingleOrDefaultAsync(row => row.Id == id, cancellationToken);
        return request is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown CircleCI rerun request",
                detail: $"no CircleCI rerun request has the id {id}")
            : TypedResults.Ok(CircleCiRerunView.Of(request));
    }

    static Dictionary<string, string[]> Problems(CircleCiRerunInput? input)
    {
        var errors = new Dictionary<string, string[]>();
        if (input is null)
            return new() { ["body"] = ["a JSON object with githubRepository, branchPrefix, projectSlug and workflowName is required"] };
        if (!GitHubPaths.IsRepository(input.GithubRepository?.Trim()))
            errors["githubRepository"] = ["githubRepository is required: the GitHub repository as owner/name, e.g. acme/core-api"];
        if (string.IsNullOrWhiteSpace(input.BranchPrefix))
            errors["branchPrefix"] = ["branchPrefix is required, e.g. release/"];
        if (!CircleCiRerunOptions.IsProjectSlug(input.ProjectSlug?.Trim()))
            errors["projectSlug"] = ["projectSlug is required: the CircleCI project slug, e.g. gh/acme/core-api"];
        if (string.IsNullOrWhiteSpace(input.WorkflowName))
            errors["workflowName"] = ["workflowName is required, e.g. deploy_staging"];
        return errors;
    }
}
