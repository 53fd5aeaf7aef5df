using System.Globalization;
using System.Text.Json;
using Micro.Ingestion.Data;
using Micro.Ingestion.Deliveries;
using Micro.Ingestion.Publishing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Micro.Ingestion.Api;

/// <summary>The delivery log: <c>/api/ingestion/deliveries</c>.</summary>
static class DeliveryEndpoints
{
    const int DefaultLimit = 50;
    const int MaxLimit = 500;

    public static RouteGroupBuilder MapDeliveries(this IEndpointRouteBuilder endpoints)
    {
        var deliveries = endpoints.MapGroup("/api/ingestion/deliveries").WithTags("Deliveries");
        deliveries.MapGet("/", List).WithSummary("List deliveries, newest first");
        deliveries.MapGet("/{deliveryId}", Get).WithSummary("A delivery with its payload and pending publications")
            .ProducesProblem(StatusCodes.Status404NotFound);
        deliveries.MapPost("/{deliveryId}/replay", Replay).WithSummary("Publish a delivery's event again")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return deliveries;
    }

    /// <summary>Newest first, filtered by event, repository and arrival time.</summary>
    static async Task<Results<Ok<DeliveryList>, ValidationProblem>> List(
        IngestionDbContext db, string? @event, string? repository, string? since, string? limit, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var take = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, CultureInfo.InvariantCulture, out take) || take is < 1 or > MaxLimit))
            errors["limit"] = [$"limit must be a whole number from 1 to {MaxLimit}"];

        DateTime? after = null;
        if (since is not null)
        {
            if (DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                after = parsed.UtcDateTime;
            else
                errors["since"] = ["since must be an ISO 8601 date and time, e.g. 2026-11-22T10:00:00Z"];
        }

        if (errors.Count > 0)
            return TypedResults.ValidationProblem(errors);

        var query = db.Deliveries.AsNoTracking();
        if (!string.IsNullOrEmpty(@event))
            query = query.Where(d => d.Event == @event);
        if (!string.IsNullOrEmpty(repository))
            query = query.Where(d => d.Repository == repository);
        if (after is { } from)
            query = query.Where(d => d.ReceivedAt >= from);

        var found = await query.OrderByDescending(d => d.ReceivedAt).ThenByDescending(d => d.DeliveryId).Take(take)
            .Select(d => new DeliverySummary(d.DeliveryId, d.Event, d.Action, d.Repository, d.InstallationId, d.Sender, d.ReceivedAt, d.State,
                d.IgnoredReason, d.PublishedAt, d.PublishCount))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new DeliveryList(found));
    }

    static async Task<Results<Ok<DeliveryDetail>, ProblemHttpResult>> Get(IngestionDbContext db, string deliveryId, CancellationToken cancellationToken)
    {
        var delivery = await db.Deliveries.AsNoTracking().SingleOrDefaultAsync(d => d.DeliveryId == deliveryId, cancellationToken);
        if (delivery is null)
            return NotFound(deliveryId);

        var pending = await db.PendingPublications.AsNoTracking().Where(p => p.DeliveryId == deliveryId).OrderBy(p => p.Sequence)
            .Select(p => new PendingPublicationView(p.MessageId, p.EnqueuedAt, p.Attempts, p.NotBefore, p.LastError, p.ParkedAt != null, p.ParkedAt))
            .ToListAsync(cancellationToken);
        using var payload = JsonDocument.Parse(delivery.Payload);
        return TypedResults.Ok(new DeliveryDetail(delivery.Summary(), pending, payload.RootElement.Clone()));
    }

    /// <summary>
    /// Publishes a delivery's event again, through the outbox like the original: a parked row is tried again under its own message
    /// id (its event never went out), otherwise a new row goes out under a new message id.
    /// </summary>
    static async Task<Results<Accepted<ReplayAccepted>, ProblemHttpResult>> Replay(
        IngestionDbContext db, OutboxSignal outbox, string deliveryId, CancellationToken cancellationToken)
    {
        var delivery = await db.Deliveries.AsNoTracking().SingleOrDefaultAsync(d => d.DeliveryId == deliveryId, cancellationToken);
        if (delivery is null)
            return NotFound(deliveryId);

        if (delivery.State is DeliveryState.Ignored or DeliveryState.Rejected)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Nothing to replay",
                detail: $"Delivery {deliveryId} was {delivery.State.ToString().ToLowerInvariant()} ({delivery.IgnoredReason}); it carries no event Micro publishes.");
        }

        var parked = await db.PendingPublications.Where(p => p.DeliveryId == deliveryId && p.ParkedAt != null).ToListAsync(cancellationToken);
        foreach (var row in parked)
            Outbox.Unpark(row);
        var publication = parked.FirstOrDefault() ?? Outbox.PublicationOf(delivery, holdBack: TimeSpan.Zero);
        if (parked.Count == 0)
            db.PendingPublications.Add(publication);
        await db.SaveChangesAsync(cancellationToken);
        outbox.Notify();
        return TypedResults.Accepted($"/api/ingestion/deliveries/{deliveryId}", new ReplayAccepted(deliveryId, publication.MessageId));
    }

    static ProblemHttpResult NotFound(string deliveryId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown delivery",
            detail: $"No delivery with id '{deliveryId}' is in the delivery log.");
}
