using Micro.Ingestion.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace Micro.Ingestion.Deliveries;

/// <summary>
/// A batch of deliveries and their outbox rows written to PostgreSQL in one statement, one round trip, without change tracking: the
/// delivery log's hot path, where EF Core's SaveChanges (and the look-up of ids already stored that it needed first) cost more CPU
/// than the rest of a delivery's handling. A delivery id already stored, by an earlier request or by another replica meanwhile, is
/// skipped by <c>ON CONFLICT DO NOTHING</c> (which waits for a replica's transaction in flight), and so is its outbox row.
/// </summary>
static class PostgresDeliveryBatch
{
    const string Statement = """
        WITH stored AS (
            INSERT INTO deliveries ("DeliveryId", "Event", "Action", "Repository", "InstallationId", "Sender", "ReceivedAt", "Payload",
                "State", "IgnoredReason", "PublishCount")
            SELECT d.id, d.event, d.action, d.repository, d.installation, d.sender, d.received, d.payload, d.state, d.reason, 0
            FROM unnest(@ids, @events, @actions, @repositories, @installations, @senders, @received, @payloads, @states, @reasons)
                AS d(id, event, action, repository, installation, sender, received, payload, state, reason)
            ON CONFLICT ("DeliveryId") DO NOTHING
            RETURNING "DeliveryId"),
        queued AS (
            INSERT INTO pending_publications ("MessageId", "DeliveryId", "EnqueuedAt", "NotBefore", "Attempts")
            SELECT p.message, p.delivery, p.enqueued, p.due, 0
            FROM unnest(@messages, @published, @enqueued, @due) AS p(message, delivery, enqueued, due)
            JOIN stored ON stored."DeliveryId" = p.delivery
            RETURNING "DeliveryId", "Sequence")
        SELECT stored."DeliveryId", queued."Sequence" FROM stored LEFT JOIN queued ON queued."DeliveryId" = stored."DeliveryId"
        """;

    /// <summary>Stores what is new; returns the ids stored, each with its outbox row's sequence when it has one.</summary>
    public static async Task<Dictionary<string, long?>> Insert(IngestionDbContext db, IReadOnlyList<(Delivery Delivery, PendingPublication? Row)> writes)
    {
        var deliveries = writes.Select(write => write.Delivery).ToList();
        var rows = writes.Where(write => write.Row is not null).Select(write => write.Row!).ToList();

        await db.Database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(Statement, (NpgsqlConnection)db.Database.GetDbConnection());
        Add(command, "ids", NpgsqlDbType.Text, deliveries.Select(d => d.DeliveryId));
        Add(command, "events", NpgsqlDbType.Text, deliveries.Select(d => d.Event));
        Add(command, "actions", NpgsqlDbType.Text, deliveries.Select(d => d.Action));
        Add(command, "repositories", NpgsqlDbType.Text, deliveries.Select(d => d.Repository));
        Add(command, "installations", NpgsqlDbType.Bigint, deliveries.Select(d => d.InstallationId));
        Add(command, "senders", NpgsqlDbType.Text, deliveries.Select(d => d.Sender));
        Add(command, "received", NpgsqlDbType.TimestampTz, deliveries.Select(d => d.ReceivedAt));
        Add(command, "payloads", NpgsqlDbType.Text, deliveries.Select(d => d.Payload));
        Add(command, "states", NpgsqlDbType.Text, deliveries.Select(d => d.State.ToString()));
        Add(command, "reasons", NpgsqlDbType.Text, deliveries.Select(d => d.IgnoredReason));
        Add(command, "messages", NpgsqlDbType.Uuid, rows.Select(r => r.MessageId));
        Add(command, "published", NpgsqlDbType.Text, rows.Select(r => r.DeliveryId));
        Add(command, "enqueued", NpgsqlDbType.TimestampTz, rows.Select(r => r.EnqueuedAt));
        Add(command, "due", NpgsqlDbType.TimestampTz, rows.Select(r => r.NotBefore));

        var stored = new Dictionary<string, long?>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            stored[reader.GetString(0)] = await reader.IsDBNullAsync(1) ? null : reader.GetInt64(1);
        return stored;
    }

    static void Add<T>(NpgsqlCommand command, string name, NpgsqlDbType type, IEnumerable<T> values) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | type) { Value = values.ToArray() });
}
