using System.Data.Common;
using Micro.Ingestion.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Micro.Ingestion.Deliveries;

/// <summary>
/// A batch of deliveries and their outbox rows written to SQLite (the standalone host) in one transaction: one prepared statement per
/// table, executed once per row, without change tracking. EF Core's SaveChanges, and the look-up of ids already stored that it needed
/// first, cost more CPU than the rest of the batch. An id already stored is skipped by <c>ON CONFLICT DO NOTHING</c>, and so is its
/// outbox row. Values are bound through the model's own type mappings, so they are stored exactly as EF Core stores and reads them.
/// </summary>
static class SqliteDeliveryBatch
{
    static readonly string[] DeliveryColumns =
    [
        nameof(Delivery.DeliveryId), nameof(Delivery.Event), nameof(Delivery.Action), nameof(Delivery.Repository), nameof(Delivery.InstallationId),
        nameof(Delivery.Sender), nameof(Delivery.ReceivedAt), nameof(Delivery.Payload), nameof(Delivery.State), nameof(Delivery.IgnoredReason),
        nameof(Delivery.PublishedAt), nameof(Delivery.PublishCount),
    ];

    static readonly string[] PublicationColumns =
    [
        nameof(PendingPublication.MessageId), nameof(PendingPublication.DeliveryId), nameof(PendingPublication.EnqueuedAt),
        nameof(PendingPublication.NotBefore), nameof(PendingPublication.Attempts), nameof(PendingPublication.LastError), nameof(PendingPublication.ParkedAt),
    ];

    /// <summary>Stores what is new; returns the ids stored, each with its outbox row's sequence when it has one.</summary>
    public static async Task<Dictionary<string, long?>> Insert(IngestionDbContext db, IReadOnlyList<(Delivery Delivery, PendingPublication? Row)> writes)
    {
        var stored = new Dictionary<string, long?>(StringComparer.Ordinal);
        await using var transaction = await db.Database.BeginTransactionAsync();
        await using var deliveries = new InsertStatement<Delivery>(db, transaction, DeliveryColumns, """ON CONFLICT ("DeliveryId") DO NOTHING""");
        await using var publications = new InsertStatement<PendingPublication>(db, transaction, PublicationColumns, """RETURNING "Sequence" """);

        foreach (var (delivery, row) in writes)
        {
            if (await deliveries.Execute(delivery) == 0)
                continue;

            stored[delivery.DeliveryId] = row is null ? null : Convert.ToInt64(await publications.Scalar(row), System.Globalization.CultureInfo.InvariantCulture);
        }

        await transaction.CommitAsync();
        return stored;
    }

    /// <summary>An <c>INSERT</c> of the given properties of <typeparamref name="T"/>, each row's values converted as the model maps them.</summary>
    sealed class InsertStatement<T> : IAsyncDisposable
        where T : class
    {
        readonly DbCommand command;
        readonly IProperty[] properties;

        public InsertStatement(DbContext db, IDbContextTransaction transaction, string[] columns, string tail)
        {
            var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not mapped");
            properties = columns.Select(column => entity.GetProperty(column)).ToArray();
            command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = transaction.GetDbTransaction();
            command.CommandText = $"""
                INSERT INTO "{entity.GetTableName()}" ({string.Join(", ", properties.Select(p => $"\"{p.GetColumnName()}\""))})
                VALUES ({string.Join(", ", properties.Select(p => $"@{p.Name}"))}) {tail}
                """;
        }

        public Task<int> Execute(T row)
        {
            Bind(row);
            return command.ExecuteNonQueryAsync();
        }

        public Task<object?> Scalar(T row)
        {
            Bind(row);
            return command.ExecuteScalarAsync();
        }

        void Bind(T row)
        {
            command.Parameters.Clear();
            foreach (var property in properties)
            {
                command.Parameters.Add(property.GetRelationalTypeMapping()
                    .CreateParameter(command, $"@{property.Name}", property.GetGetter().GetClrValue(row), property.IsNullable));
            }
        }

        public ValueTask DisposeAsync() => command.DisposeAsync();
    }
}
