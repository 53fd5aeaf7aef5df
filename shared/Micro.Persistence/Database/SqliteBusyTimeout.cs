using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Micro.Persistence.Database;

/// <summary>
/// Lets SQLite itself wait for its write lock. Without a busy timeout, Microsoft.Data.Sqlite answers "busy" by sleeping 150 ms
/// and retrying, so two writers of one service file (request batches, outbox settling) add whole 150 ms steps to latency.
/// </summary>
sealed class SqliteBusyTimeout : DbConnectionInterceptor
{
    const string Pragma = "PRAGMA busy_timeout = 30000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
