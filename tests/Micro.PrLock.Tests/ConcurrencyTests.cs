using System.Net;
using Micro.Testing;

namespace Micro.PrLock.Tests;

/// <summary>Two replicas on one database, 50 pull requests asking for one free environment at once: exactly one gets it.</summary>
[Collection(BrokerCollection.Name)]
public sealed class ConcurrencyTests
{
    const int Contenders = 50;

    [Fact]
    public async Task On_PostgreSQL_with_two_replicas_exactly_one_of_50_concurrent_acquires_is_granted()
    {
        await using var database = PostgresDatabase.Reserve("prlock_race");
        await using var broker = await RabbitMqVirtualHost.Create("prlock-race");
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:PrLock"] = database.ConnectionString,
            ["Messaging:Transport"] = "RabbitMq",
            ["ConnectionStrings:RabbitMq"] = broker.ConnectionString,
        };
        await using var first = await PrLockService.Start(settings);
        await using var second = await PrLockService.Start(settings);

        await Race(first, second, "race");
    }

    [Fact]
    public async Task On_SQLite_with_two_replicas_on_one_file_exactly_one_of_50_concurrent_acquires_is_granted()
    {
        var directory = Directory.CreateTempSubdirectory("micro-prlock-race-").FullName;
        try
        {
            var settings = new Dictionary<string, string?> { ["Database:DataDirectory"] = directory };
            await using var first = await PrLockService.Start(settings);
            await using var second = await PrLockService.Start(settings);

            await Race(first, second, "race");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    static async Task Race(PrLockService first, PrLockService second, string environment)
    {
        using var start = new SemaphoreSlim(0);
        var attempts = Enumerable.Range(1, Contenders).Select(async pullRequest =>
        {
            await start.WaitAsync();
            var replica = pullRequest % 2 == 0 ? first : second;
            var response = await replica.Acquire(environment, pullRequest);
            return (pullRequest, response.StatusCode, Result: (await response.Json()).Text("result"));
        }).ToList();
        start.Release(Contenders);
        var answers = await Task.WhenAll(attempts);

        var granted = Assert.Single(answers, answer => answer.StatusCode == HttpStatusCode.OK);
        Assert.Equal("acquired", granted.Result);
        Assert.All(answers.Where(answer => answer != granted), answer =>
        {
            Assert.Equal(HttpStatusCode.Conflict, answer.StatusCode);
            Assert.Equal("locked", answer.Result);
        });

        var state = await first.State(environment);
        Assert.Equal(granted.pullRequest, state.Number("holder"));
        Assert.Equal(Contenders - 1, state.GetProperty("queue").GetArrayLength());
        Assert.Single(state.GetProperty("history").EnumerateArray());
    }
}
