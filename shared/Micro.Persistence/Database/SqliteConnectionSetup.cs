using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace Micro.Persistence.Database;

/// <summary>
/// Sets up each SQLite connection once, when its native handle is first opened: the pool hands the same handle out again, and
/// per-connection settings stay with it, so running statements on every open (EF Core opens a connection per operation) is wasted.
/// <list type="bullet">
/// <item>A busy timeout, so SQLite itself waits for its write lock. Without one, Microsoft.Data.Sqlite answers "busy" by sleeping 150 ms
/// and retrying, so two writers of one service file (request batches, outbox settling) add whole 150 ms steps to latency.</item>
/// <item><c>PRAGMA synchronous</c> (<see cref="DatabaseOptions.SqliteSynchronous"/>), which SQLite does not keep in the file.</item>
/// </list>
/// </summary>
sealed class SqliteConnectionSetup(SqliteSynchronous synchronous) : DbConnectionInterceptor
{
    const int BusyTimeoutMilliseconds = 30_000;

    readonly ConditionalWeakTable<sqlite3, object> prepared = [];
    readonly string pragma = $"PRAGMA synchronous = {synchronous.ToString().ToUpperInvariant()};";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Prepare(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Prepare(connection);
        return Task.CompletedTask;
    }

    void Prepare(DbConnection connection)
    {
        if (connection is not SqliteConnection { Handle: { } handle } || prepared.TryGetValue(handle, out _))
            return;

        SqliteException.ThrowExceptionForRC(raw.sqlite3_busy_timeout(handle, BusyTimeoutMilliseconds), handle);
        SqliteException.ThrowExceptionForRC(raw.sqlite3_exec(handle, pragma), handle);
        prepared.AddOrUpdate(handle, this);
    }
}
