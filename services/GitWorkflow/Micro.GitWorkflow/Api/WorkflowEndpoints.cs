using System.Text.Json;
using Micro.GitWorkflow.Data;
using Micro.GitWorkflow.Runs;
using Micro.GitWorkflow.Workflows;
using Micro.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Micro.GitWorkflow.Api;

/// <summary>Start and follow runs: <c>/api/workflows</c>.</summary>
static class WorkflowEndpoints
{
    const int DefaultLimit = 50;
    const int MaxLimit = 500;
    const int MaxIdempotencyKey = 200;
    const int MaxBodyBytes = 256 * 1024;

    public static RouteGroupBuilder MapWorkflows(this IEndpointRouteBuilder endpoints)
    {
        var workflows = endpoints.MapGroup("/api/workflows").WithTags("Workflows");
        workflows.MapPost("/", Start).WithSummary("Start a workflow run")
            .WithDescription("{\"workflow\": \"hello_world\" | \"push_feature\" | \"resolve_issue\", \"parameters\": {...}}; an Idempotency-Key header " +
                "answers the same run for the same key.")
            .WithJsonBody<JsonElement>().ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        workflows.MapGet("/", List).WithSummary("List runs, newest first");
        workflows.MapGet("/{id:guid}", Get).WithSummary("A run with its steps").ProducesProblem(StatusCodes.Status404NotFound);
        return workflows;
    }

    /// <summary>
    /// A valid request is stored and answered 202 with the run's id; a bad one 400 naming the field, and no run. The same
    /// <c>Idempotency-Key</c> answers the same run.
    /// </summary>
    static async Task<Results<Accepted<RunAccepted>, ValidationProblem, ProblemHttpResult>> Start(
        HttpRequest http, RequestReader reader, RunIntake intake, CancellationToken cancellationToken)
    {
        var key = http.Headers["Idempotency-Key"].ToString();
        if (key.Length > MaxIdempotencyKey || key.Any(char.IsControl))
            return Invalid("Idempotency-Key", $"must be at most {MaxIdempotencyKey} printable characters");

        // The request is stored as received: a workflow's parameters are a few kilobytes, never the server's default 30 MB.
        if (http.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxBodyBytes;
        string body;
        try
        {
            using var text = new StreamReader(http.Body);
            body = await text.ReadToEndAsync(cancellationToken);
        }
        catch (BadHttpRequestException exception) when (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Request too large",
                detail: $"The body must be at most {MaxBodyBytes} bytes.");
        }
        WorkflowRequest? request;
        string field, problem;
        try
        {
            using var document = JsonDocument.Parse(body);
            request = reader.Read(document.RootElement, out field, out problem);
        }
        catch (JsonException failure)
        {
            return Invalid("body", $"is not JSON: {failure.Message}");
        }

        if (request is null)
            return Invalid(field, problem);

        var run = new WorkflowRun
        {
            Id = key.Length > 0 ? RunIntake.IdOf("idempotency-key", key) : Guid.NewGuid(),
            Workflow = request.Workflow,
            Request = body,
            Source = "http",
            RequestKey = key.Length > 0 ? key : null,
        };
        await intake.Submit(run, null, cancellationToken);
        return TypedResults.Accepted($"/api/workflows/{run.Id}", new RunAccepted(run.Id));
    }

    static async Task<Results<Ok<RunList>, ValidationProblem>> List(
        GitWorkflowDbContext db, string? workflow, string? state, int? limit, CancellationToken cancellationToken)
    {
        if (state is not null && !RunStates.All.Contains(state))
            return Invalid("state", $"must be one of {string.Join(", ", RunStates.All)}");
        if (limit is < 1 or > MaxLimit)
            return Invalid("limit", $"must be between 1 and {MaxLimit}");

        var query = from run in db.Runs.AsNoTracking()
                    join saga in db.States.AsNoTracking() on run.Id equals saga.CorrelationId into sagas
                    from saga in sagas.DefaultIfEmpty()
                    select new { run, saga };
        if (!string.IsNullOrEmpty(workflow))
            query = query.Where(row => row.run.Workflow == workflow);
        if (state == RunStates.Pending)
            query = query.Where(row => row.saga == null || row.saga.CurrentState == nameof(WorkflowRunStateMachine.Pending));
        else if (state is not null)
            query = query.Where(row => row.saga != null && row.saga.CurrentState == RunStates.SagaStateOf(state));

        var rows = await query.OrderByDescending(row => row.run.CreatedAt).Take(limit ?? DefaultLimit).ToListAsync(cancellationToken);
        return TypedResults.Ok(new RunList([.. rows.Select(row => Summary(row.run, row.saga))]));
    }

    static async Task<Results<Ok<RunDetail>, ProblemHttpResult>> Get(GitWorkflowDbContext db, Guid id, CancellationToken cancellationToken)
    {
        var run = await db.Runs.AsNoTracking().SingleOrDefaultAsync(row => row.Id == id, cancellationToken);
        if (run is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown run", detail: $"There is no workflow run {id}.");

        var saga = await db.States.AsNoTracking().SingleOrDefaultAsync(s => s.CorrelationId == id, cancellationToken);
        var steps = await db.Steps.AsNoTracking().Where(s => s.RunId == id).OrderBy(s => s.Id).ToListAsync(cancellationToken);
        var summary = Summary(run, saga);
        return TypedResults.Ok(new RunDetail(summary.Id, summary.Workflow, summary.State, summary.Source, summary.CreatedAt, summary.StartedAt,
            summary.FinishedAt, summary.Reason, summary.FailedStep, summary.PullRequestUrl, [.. steps.Select(StepView.Of)]));
    }

    static RunSummary Summary(WorkflowRun run, WorkflowRunState? saga) => new(
        run.Id, run.Workflow, RunStates.Of(saga?.CurrentState), run.Source, run.CreatedAt, saga?.StartedAt, saga?.FinishedAt, saga?.Reason,
        saga?.FailedStep, saga?.PullRequestUrl);

    static ValidationProblem Invalid(string field, string problem) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [$"{field} {problem}"] },
            title: $"The workflow request is invalid: {field}");
}
