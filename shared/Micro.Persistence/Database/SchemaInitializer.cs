using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Micro.Persistence.Database;

/// <summary>
/// Brings the schema up to date at start-up, before the web server listens. PostgreSQL applies the EF Core migrations
/// (concurrent replicas serialize on EF's migration lock); SQLite, the embedded single-process store, creates the schema from the model.
/// </summary>
sealed partial class SchemaInitializer<TContext>(IDbContextFactory<TContext> contexts, ILogger<SchemaInitializer<TContext>> logger) : IHostedService
    where TContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            await db.Database.MigrateAsync(cancellationToken);
        }
        else
        {
            await db.Database.EnsureCreatedAsync(cancellationToken);
            // WAL lets readers (the API) run beside the single writer.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        LogReady(logger, typeof(TContext).Name, db.Database.ProviderName ?? "unknown");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Database schema of {Context} is up to date ({Provider})")]
    static partial void LogReady(ILogger logger, string context, string provider);
}
