using System.Net;
using System.Net.Http.Json;
using Micro.Testing;

namespace Micro.RunnerBroker.Tests;

public sealed class MappingRaceTests
{
    [Fact]
    public async Task Two_replicas_mapping_the_same_new_repositories_at_once_both_answer_and_one_mapping_is_kept()
    {
        await using var database = PostgresDatabase.Reserve("runners_mapping_race");
        var settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:RunnerBroker"] = database.ConnectionString,
        };
        await using var first = await RunnerBrokerHost.Start(settings);
        await using var second = await RunnerBrokerHost.Start(settings);
        var replicas = new[] { first.Client, second.Client };

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            var client = replicas[i % 2];
            var repository = $"octo-org/race-{i / 8}";
            using var response = i < 32
                ? await client.PutAsJsonAsync($"/api/runners/repositories/{repository}", new { user = $"user{i % 3}" })
                : await client.PostAsJsonAsync($"/repositories/lister{i % 2}", new { repositories = new[] { "octo-org/race-listed", repository } });
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }));

        Assert.All(answers, answer => Assert.True(answer.StatusCode is HttpStatusCode.OK or HttpStatusCode.Created, $"{answer.StatusCode}: {answer.Body}"));
        var mapped = await first.Client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/runners/repositories");
        var races = mapped.GetProperty("repositories").EnumerateArray().Select(m => m.Text("repository") ?? "").Where(r => r.StartsWith("octo-org/race-", StringComparison.Ordinal)).ToList();
        Assert.Contains("octo-org/race-listed", races);
        Assert.Equal(["octo-org/race-0", "octo-org/race-1", "octo-org/race-2", "octo-org/race-3", "octo-org/race-4"], races.Where(r => r != "octo-org/race-listed").Order().ToList());
    }
}
