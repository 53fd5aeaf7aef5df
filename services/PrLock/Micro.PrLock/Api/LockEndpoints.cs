using Micro.Hosting;
using Micro.PrLock.Data;
using Micro.PrLock.Locks;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Micro.PrLock.Api;

/// <summary>Locks per environment: <c>/api/locks</c>. Refusals are 409 with the same body as grants, so a pipeline reads one shape.</summary>
static class LockEndpoints
{
    const int HistoryShown = 20;

    public static RouteGroupBuilder MapLocks(this IEndpointRouteBuilder endpoints)
    {
        var locks = endpoints.MapGroup("/api/locks").WithTags("Locks");
        locks.MapGet("/", List).WithSummary("Every environment's lock");
        locks.MapGet("/{environment}", Get).WithSummary("An environment's lock, queue and history")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        locks.MapPost("/{environment}/acquire", Acquire).WithSummary("Acquire the lock for a pull request, or queue it (409)")
            .WithJsonBody<LockRequest>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        locks.MapPost("/{environment}/reset", Reset).WithSummary("Free the lock and empty its queue").ProducesProblem(StatusCodes.Status400BadRequest);
        locks.MapPost("/{environment}/{transition}", Transition)
            .WithSummary("Move the lock on: master-applied, complete or abort (409 when the pull request does not hold it)")
            .WithJsonBody<LockRequest>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return locks;
    }

    static async Task<Ok<EnvironmentLockList>> List(PrLockDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var names = await db.Locks.AsNoTracking().OrderBy(l => l.Name).Select(l => l.Name).ToListAsync(cancellationToken);
        var views = new List<EnvironmentLockView>(names.Count);
        foreach (var name in names)
            views.Add((await View(db, time, name, cancellationToken))!);
        return TypedResults.Ok(new EnvironmentLockList(views));
    }

    static async Task<Results<Ok<EnvironmentLockView>, ProblemHttpResult>> Get(
        PrLockDbContext db, TimeProvider time, string environment, CancellationToken cancellationToken)
    {
        if (InvalidName(environment) is { } invalid)
            return invalid;
        return await View(db, time, environment, cancellationToken) is { } view
            ? TypedResults.Ok(view)
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown environment",
                detail: $"No pull request has asked for environment '{environment}' yet; its first acquire creates it.");
    }

    static async Task<Results<Ok<LockDecisionView>, Conflict<LockDecisionView>, ValidationProblem, ProblemHttpResult>> Acquire(
        HttpRequest http, LockLedger ledger, string environment, CancellationToken cancellationToken)
    {
        if (InvalidName(environment) is { } invalid)
            return invalid;
        var (request, refusal) = await LockRequest.Read(http, cancellationToken);
        if (request is null)
            return refusal!;
        return Answer(await ledger.Acquire(environment, request.PullRequest, request.Repository, cancellationToken));
    }

    static async Task<Results<Ok<LockDecisionView>, Conflict<LockDecisionView>, ValidationProblem, ProblemHttpResult>> Transition(
        HttpRequest http, LockLedger ledger, string environment, string transition, CancellationToken cancellationToken)
    {
        if (InvalidName(environment) is { } invalid)
            return invalid;
        if (!LockCommands.ByPath.TryGetValue(transition, out var command))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["transition"] = [$"unknown transition '{transition}': use acquire, master-applied, complete, abort or reset"],
            });
        }

        var (request, refusal) = await LockRequest.Read(http, cancellationToken);
        if (request is null)
            return refusal!;
        return Answer(await ledger.Apply(environment, command, request.PullRequest, cancellationToken));
    }

    static async Task<Results<Ok<LockDecisionView>, ProblemHttpResult>> Reset(LockLedger ledger, string environment, CancellationToken cancellationToken)
    {
        if (InvalidName(environment) is { } invalid)
            return invalid;
        return TypedResults.Ok(LockDecisionView.Of(await ledger.Reset(environment, cancellationToken)));
    }

    static Results<Ok<LockDecisionView>, Conflict<LockDecisionView>, ValidationProblem, ProblemHttpResult> Answer(LockReply reply) =>
        reply.Decision.Proceeds ? TypedResults.Ok(LockDecisionView.Of(reply)) : TypedResults.Conflict(LockDecisionView.Of(reply));

    static ProblemHttpResult? InvalidName(string environment) =>
        EnvironmentNames.IsValid(environment)
            ? null
            : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid environment name",
                detail: $"environment must be {EnvironmentNames.Rule}.", extensions: new Dictionary<string, object?> { ["field"] = "environment" });

    static async Task<EnvironmentLockView?> View(PrLockDbContext db, TimeProvider time, string name, CancellationToken cancellationToken)
    {
        var id = EnvironmentNames.IdOf(name);
        var found = await db.Locks.AsNoTracking().SingleOrDefaultAsync(l => l.CorrelationId == id, cancellationToken);
        if (found is null)
            return null;

        var queue = await db.Queue.AsNoTracking().Where(w => w.EnvironmentId == id).OrderBy(w => w.Sequence)
            .Select(w => new WaitingView(w.PullRequestNumber, w.QueuedAt)).ToListAsync(cancellationToken);
        var history = await db.History.AsNoTracking().Where(h => h.EnvironmentId == id).OrderByDescending(h => h.Id).Take(HistoryShown)
            .ToListAsync(cancellationToken);
        return new EnvironmentLockView(found.Name, found.Status.ToString(), found.PullRequestNumber, found.ExpireDate,
            found.IsExpired(time.GetUtcNow().UtcDateTime), found.IsLocked, found.HandedOverAt, found.Repository, queue,
            history.Select(h => new HistoryView(h.At, h.RequestedBy, h.FromStatus.ToString(), h.FromPullRequest, h.ToStatus.ToString(), h.ToPullRequest,
                h.Reason)).ToList());
    }
}
