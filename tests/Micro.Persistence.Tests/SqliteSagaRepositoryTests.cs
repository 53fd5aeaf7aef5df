namespace Micro.Persistence.Tests;

public sealed class SqliteSagaRepositoryTests : SagaRepositoryContract
{
    readonly string directory = Directory.CreateTempSubdirectory("micro-saga-tests-").FullName;

    protected override Task<IDictionary<string, string?>> CreateDatabase() =>
        Task.FromResult<IDictionary<string, string?>>(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:DataDirectory"] = directory,
        });

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
