using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Micro.Persistence.Database;

/// <summary>
/// Makes PostgreSQL lock the rows a query tagged <see cref="Tag"/> reads (<c>FOR UPDATE</c>), which LINQ cannot say. Writing the
/// locking query in LINQ rather than raw SQL lets EF Core compile it once and reuse its SQL: a raw SQL query is parsed, expanded and
/// turned into a command again on every execution, about a twentieth of the rerun consumer's CPU per event.
/// </summary>
sealed class RowLockingQueries : DbCommandInterceptor
{
    public const string Tag = "micro: lock the rows read";

    static readonly string TagLine = "-- " + Tag;

    public static readonly RowLockingQueries Instance = new();

    RowLockingQueries()
    {
    }

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Lock(command);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Lock(command);
        return ValueTask.FromResult(result);
    }

    static void Lock(DbCommand command)
    {
        if (command.CommandText.StartsWith(TagLine, StringComparison.Ordinal))
            command.CommandText += " FOR UPDATE";
    }
}
