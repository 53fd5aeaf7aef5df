using System.Data.Common;
using Micro.Persistence.Database;
using Micro.Persistence.Tests.Counting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Micro.Persistence.Tests;

/// <summary>
/// A service's SQLite connections wait for the write lock (busy timeout) and flush commits as <c>Database:SqliteSynchronous</c> says:
/// <c>Full</c> unless configured, and still so when the pool hands a connection out again.
/// </summary>
public sealed class SqliteConnectionSetupTests : IDisposable
{
    readonly string directory = Directory.CreateTempSubdirectory("micro-sqlite-setup-tests-").FullName;

    [Theory]
    [InlineData(null, 2)]
    [InlineData("Full", 2)]
    [InlineData("Normal", 1)]
    public async Task Every_connection_waits_for_the_write_lock_and_flushes_commits_as_configured(string? synchronous, long expected)
    {
        using var host = Host(synchronous);
        var contexts = host.Services.GetRequiredService<IDbContextFactory<CounterDbContext>>();

        for (var open = 0; open < 3; open++)
        {
            await using var db = await contexts.CreateDbContextAsync();
            await db.Database.OpenConnectionAsync();
            var connection = db.Database.GetDbConnection();
            Assert.Equal(expected, await Pragma(connection, "synchronous"));
            Assert.Equal(30_000, await Pragma(connection, "busy_timeout"));
        }
    }

    IHost Host(string? synchronous)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:DataDirectory"] = directory,
            ["Database:SqliteSynchronous"] = synchronous,
        });
        builder.AddServiceDatabase<CounterDbContext>($"Setup{synchronous}");
        return builder.Build();
    }

    static async Task<long> Pragma(DbConnection connection, string name)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
