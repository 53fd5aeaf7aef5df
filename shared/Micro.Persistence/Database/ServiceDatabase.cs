using Micro.ServiceDefaults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Micro.Persistence.Database;

public static class ServiceDatabase
{
    /// <summary>
    /// Gives a service its own database: PostgreSQL from <c>ConnectionStrings:{name}</c>, or <c>{DataDirectory}/{name}.db</c> with SQLite,
    /// chosen by <c>Database:Provider</c>. The schema is brought up to date before the service takes traffic, and readiness checks it.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(this IHostApplicationBuilder builder, string name)
        where TContext : DbContext
    {
        builder.Services.AddValidatedOptions<DatabaseOptions>(DatabaseOptions.Section);
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = ConnectionString(builder.Configuration, options, name);

        builder.Services.AddPooledDbContextFactory<TContext>(db =>
        {
            if (options.Provider == DatabaseProvider.Postgres)
                db.UseNpgsql(connectionString).AddInterceptors(RowLockingQueries.Instance);
            else
                db.UseSqlite(connectionString).AddInterceptors(new SqliteConnectionSetup(options.SqliteSynchronous));
        });
        builder.Services.AddScoped(provider => provider.GetRequiredService<IDbContextFactory<TContext>>().CreateDbContext());

        builder.Services.AddHostedService<SchemaInitializer<TContext>>();
        builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck<TContext>>($"database-{name}", tags: [HealthTags.Ready]);
        return builder;
    }

    /// <summary>
    /// Unless the connection string says otherwise, Npgsql prepares the statements a service runs over and over (every saga load,
    /// update and outbox insert), so PostgreSQL parses and plans each once per connection rather than on every execution, and a
    /// connection going back to the pool is not reset (<c>DISCARD ALL</c>, which would also drop those prepared statements): no
    /// service keeps session state. Behind a pooler in transaction mode (PgBouncer before 1.21), set <c>Max Auto Prepare=0</c>.
    /// </summary>
    static string WithStatementReuse(string connectionString)
    {
        var settings = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Mentions(connectionString, "Max Auto Prepare"))
            settings.MaxAutoPrepare = 64;
        if (!Mentions(connectionString, "No Reset On Close"))
            settings.NoResetOnClose = true;
        return settings.ConnectionString;
    }

    static bool Mentions(string connectionString, string keyword) =>
        connectionString.Replace(" ", "", StringComparison.Ordinal).Contains(keyword.Replace(" ", "", StringComparison.Ordinal) + "=", StringComparison.OrdinalIgnoreCase);

    static string ConnectionString(IConfiguration configuration, DatabaseOptions options, string name)
    {
        if (options.Provider == DatabaseProvider.Postgres)
        {
            return configuration.GetConnectionString(name) is { Length: > 0 } configured
                ? WithStatementReuse(configured)
                : throw new InvalidOperationException(
                    $"ConnectionStrings:{name} is required when Database:Provider is Postgres (e.g. Host=localhost;Database=micro_{name.ToLowerInvariant()};Username=micro;Password=...)");
        }

        var directory = Path.GetFullPath(options.DataDirectory);
        Directory.CreateDirectory(directory);
        return $"Data Source={Path.Combine(directory, name.ToLowerInvariant() + ".db")};Default Timeout=30";
    }
}
