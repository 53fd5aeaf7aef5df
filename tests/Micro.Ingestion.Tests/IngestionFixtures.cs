using Micro.Testing;

namespace Micro.Ingestion.Tests;

/// <summary>One ingestion service per test class, as a newcomer runs it: SQLite files and the in-memory bus.</summary>
public sealed class StandaloneIngestionFixture : IAsyncLifetime
{
    readonly string directory = Directory.CreateTempSubdirectory("micro-ingestion-tests-").FullName;

    public IngestionService Service { get; private set; } = null!;

    public async Task InitializeAsync() =>
        Service = await IngestionService.Start(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:DataDirectory"] = directory,
            ["Messaging:Transport"] = "InMemory",
        });

    public async Task DisposeAsync()
    {
        await Service.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}

/// <summary>One ingestion service per test class as deployed: its own PostgreSQL database and RabbitMQ.</summary>
public sealed class DistributedIngestionFixture : IAsyncLifetime
{
    readonly PostgresDatabase database = PostgresDatabase.Reserve("ingestion_tests");
    RabbitMqVirtualHost broker = null!;

    public IngestionService Service { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        broker = await RabbitMqVirtualHost.Create("ingestion");
        Service = await IngestionService.Start(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Ingestion"] = database.ConnectionString,
            ["Messaging:Transport"] = "RabbitMq",
            ["ConnectionStrings:RabbitMq"] = broker.ConnectionString,
        });
        await Service.Services.WaitUntilBusHealthy();
    }

    public async Task DisposeAsync()
    {
        await Service.DisposeAsync();
        await database.DisposeAsync();
        await broker.DisposeAsync();
    }
}
