using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.Persistence.Redelivery;

/// <summary>A failed message as the API shows it; <see cref="State"/> is <c>waiting</c> (for its next redelivery) or <c>dead</c>.</summary>
public sealed record FailedMessageView(
    long Id, Guid MessageId, string MessageType, string Destination, string State, int Attempts, DateTime FirstFailedAt, DateTime LastFailedAt,
    DateTime? DueAt, DateTime? DeadAt, string LastError, JsonElement Headers, JsonElement Body);

public sealed record FailedMessageList(IReadOnlyList<FailedMessageView> Items);

public static class DeadLetterEndpoints
{
    const int DefaultLimit = 50;
    const int MaxLimit = 500;

    /// <summary>
    /// <c>GET /api/{service}/dead-letters</c> (dead letters, or with <c>?state=waiting</c> the messages waiting to be redelivered) and
    /// <c>POST /api/{service}/dead-letters/{id}/retry</c>, which sends one to its consumer again now, with a new redelivery window.
    /// </summary>
    public static RouteGroupBuilder MapDeadLetters<TContext>(this IEndpointRouteBuilder endpoints, string service)
        where TContext : DbContext
    {
        var group = endpoints.MapGroup($"/api/{service}/dead-letters").WithTags("Dead letters");
        group.MapGet("/", List<TContext>).WithSummary("Dead letters, or with ?state=waiting the messages waiting for redelivery");
        group.MapPost("/{id:long}/retry", (IDbContextFactory<TContext> contexts, IServiceProvider services, TimeProvider clock, long id,
                CancellationToken cancellationToken) =>
                Retry(contexts, services.GetRequiredKeyedService<FailedMessageSignal>(service), clock, id, cancellationToken))
            .WithSummary("Send a failed message to its consumer again")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    static async Task<Results<Ok<FailedMessageList>, ValidationProblem>> List<TContext>(
        IDbContextFactory<TContext> contexts, string? state, string? limit, CancellationToken cancellationToken)
        where TContext : DbContext
    {
        var errors = new Dictionary<string, string[]>();
        var take = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, CultureInfo.InvariantCulture, out take) || take is < 1 or > MaxLimit))
            errors["limit"] = [$"limit must be a whole number from 1 to {MaxLimit}"];
        if (state is not (null or "dead" or "waiting"))
            errors["state"] = ["state must be dead (the default) or waiting"];
        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = db.Set<FailedMessage>().AsNoTracking();
        rows = state == "waiting" ? rows.Where(row => row.DeadAt == null) : rows.Where(row => row.DeadAt != null);
        var found = await rows.OrderByDescending(row => row.LastFailedAt).ThenByDescending(row => row.Id).Take(take).ToListAsync(cancellationToken);
        return TypedResults.Ok(new FailedMessageList(found.Select(View).ToList()));
    }

    static async Task<Results<Accepted<FailedMessageView>, ProblemHttpResult>> Retry<TContext>(
        IDbContextFactory<TContext> contexts, FailedMessageSignal signal, TimeProvider clock, long id, CancellationToken cancellationToken)
        where TContext : DbContext
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var row = await db.Set<FailedMessage>().SingleOrDefaultAsync(message => message.Id == id, cancellationToken);
        if (row is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown dead letter",
                detail: $"No failed message with id {id} is kept by this service.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        row.DeadAt = null;
        row.DueAt = now;
        row.FirstFailedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return TypedResults.Accepted((string?)null, View(row));
    }

    static FailedMessageView View(FailedMessage row) =>
        new(row.Id, row.MessageId, row.MessageType.Split(',')[0], row.Destination, row.DeadAt is null ? "waiting" : "dead", row.Attempts,
            row.FirstFailedAt, row.LastFailedAt, row.DueAt, row.DeadAt, row.LastError, Parse(row.Headers), Parse(row.Body));

    static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
