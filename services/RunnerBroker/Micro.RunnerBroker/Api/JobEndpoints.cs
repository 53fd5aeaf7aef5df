using System.Globalization;
using Micro.GitHub;
using Micro.RunnerBroker.Data;
using Micro.RunnerBroker.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Micro.RunnerBroker.Api;

/// <summary>Jobs that asked for a runner and what became of them: <c>/api/runners/jobs</c>.</summary>
static class JobEndpoints
{
    const int DefaultLimit = 50;
    const int MaxLimit = 500;

    static readonly Dictionary<string, string> States = typeof(RunnerJobStateMachine).GetProperties()
        .Where(property => property.PropertyType == typeof(MassTransit.State))
        .ToDictionary(property => JobView.StateName(property.Name), property => property.Name);

    public static RouteGroupBuilder MapJobs(this RouteGroupBuilder api)
    {
        var jobs = api.MapGroup("/jobs").WithTags("Runner jobs");
        jobs.MapGet("/", List).WithSummary("Jobs that asked for a runner, newest first");
        jobs.MapGet("/{jobId}", Get).WithSummary("A job, its decision and launches").ProducesProblem(StatusCodes.Status404NotFound);
        return jobs;
    }

    /// <summary>Jobs, most recently first seen first, optionally of one repository or in one state.</summary>
    static async Task<Results<Ok<JobList>, ValidationProblem>> List(
        RunnerBrokerDbContext db, string? repository, string? state, string? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var take = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out take) || take is < 1 or > MaxLimit))
            errors["limit"] = [$"limit must be a whole number from 1 to {MaxLimit}"];
        if (repository is not null && !GitHubPaths.IsRepository(repository))
            errors["repository"] = ["repository must be owner/name, e.g. octo-org/octo-repo"];
        string? stateName = null;
        if (state is not null && !States.TryGetValue(state.ToLowerInvariant(), out stateName))
            errors["state"] = [$"state must be one of: {string.Join(", ", States.Keys.Order())}"];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var query = db.Jobs.AsNoTracking();
        if (repository is not null)
        {
            var key = repository.ToLowerInvariant();
            query = query.Where(job => job.RepositoryKey == key);
        }

        if (stateName is not null)
            query = query.Where(job => job.CurrentState == stateName);

        var found = await query.OrderByDescending(job => job.FirstSeenAt).ThenByDescending(job => job.JobId).Take(take).ToListAsync(cancellationToken);
        return TypedResults.Ok(new JobList(found.Select(JobView.Of).ToList()));
    }

    static async Task<Results<Ok<JobView>, ValidationProblem, ProblemHttpResult>> Get(RunnerBrokerDbContext db, string jobId, CancellationToken cancellationToken)
    {
        if (!long.TryParse(jobId, NumberStyles.None, CultureInfo.InvariantCulture, out var id))
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["jobId"] = ["jobId must be a GitHub Actions job id (a whole number)"] });

        var job = await db.Jobs.AsNoTracking().SingleOrDefaultAsync(job => job.JobId == id, cancellationToken);
        return job is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown job", detail: $"No workflow_job event of job {id} has reached Micro.")
            : TypedResults.Ok(JobView.Of(job));
    }
}
