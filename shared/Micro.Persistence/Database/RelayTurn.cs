using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Micro.Persistence.Database;

/// <summary>
/// Lets one relay at a time read and publish a table's rows. On PostgreSQL the rows themselves are claimed (<c>FOR UPDATE SKIP
/// LOCKED</c>) in the batch's transaction. On SQLite a transaction would hold the database's only write lock while the broker is
/// waited for (seconds per message when it is down), and every request writing meanwhile would wait with it; so processes sharing
/// a SQLite file take turns through an exclusive lock on a file beside it instead, which the operating system releases when a
/// holder dies.
/// </summary>
public static class RelayTurn
{
    /// <summary>
    /// Runs <paramref name="work"/> as this process's turn, in a transaction on PostgreSQL; answers 0 without running it when
    /// another process relays from the same SQLite file right now.
    /// </summary>
    public static async Task<int> Run(DbContext db, string relay, Func<Task<int>> work, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
            return await Sagas.SagaTransaction.Run(db, work, cancellationToken);

        using var turn = TryTake(db, relay);
        return turn is null ? 0 : await work();
    }

    static IDisposable? TryTake(DbContext db, string relay)
    {
        var database = new SqliteConnectionStringBuilder(db.Database.GetConnectionString());
        if (database.Mode == SqliteOpenMode.Memory || string.IsNullOrEmpty(database.DataSource) || database.DataSource == ":memory:")
            return NothingToRelease.Instance;

        try
        {
            return new FileStream($"{Path.GetFullPath(database.DataSource)}.{relay}.lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    sealed class NothingToRelease : IDisposable
    {
        public static readonly NothingToRelease Instance = new();

        public void Dispose()
        {
        }
    }
}
