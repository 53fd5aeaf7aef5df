using Micro.Testing;

namespace Micro.Persistence.Tests;

public sealed class PostgresSagaRepositoryTests : SagaRepositoryContract
{
    readonly PostgresDatabase database = PostgresDatabase.Reserve("saga_tests");

    protected override Task<IDictionary<string, string?>> CreateDatabase() =>
        Task.FromResult<IDictionary<string, string?>>(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Counters"] = database.ConnectionString,
        });

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await database.DisposeAsync();
    }
}
