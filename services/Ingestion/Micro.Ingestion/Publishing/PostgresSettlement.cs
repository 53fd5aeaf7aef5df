using Micro.Ingestion.Data;
using Micro.Ingestion.Deliveries;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace Micro.Ingestion.Publishing;

/// <summary>
/// Settling on PostgreSQL: the outbox rows deleted and their deliveries marked published in one statement, one round trip, and no
/// LINQ to translate for every batch on the hot path (the connection's automatic preparation, <c>Max Auto Prepare</c>, has PostgreSQL
/// plan it once per connection); it runs in the transaction the context has open, if any.
/// </summary>
static class PostgresSettlement
{
    const string Statement = $"""
        WITH settled AS (DELETE FROM pending_publications WHERE "Sequence" = ANY(@sequences))
        UPDATE deliveries SET "State" = '{nameof(DeliveryState.Published)}', "PublishedAt" = @now, "PublishCount" = "PublishCount" + 1
        WHERE "DeliveryId" = ANY(@deliveries)
        """;

    public static async Task Settle(IngestionDbContext db, IReadOnlyCollection<long> sequences, IReadOnlyCollection<string> deliveryIds,
        DateTime now, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(Statement, (NpgsqlConnection)db.Database.GetDbConnection(),
            db.Database.CurrentTransaction?.GetDbTransaction() as NpgsqlTransaction);
        command.Parameters.Add(new NpgsqlParameter("sequences", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = sequences.ToArray() });
        command.Parameters.Add(new NpgsqlParameter("deliveries", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = deliveryIds.ToArray() });
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
