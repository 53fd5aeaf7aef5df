using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;

namespace Micro.PubSub.Tests;

/// <summary>Without a configured audience and service account, pushes are refused unless unauthenticated ones are allowed explicitly.</summary>
public sealed class UnauthenticatedPushTests : IAsyncLifetime
{
    readonly string directory = Directory.CreateTempSubdirectory("micro-pubsub-unauthenticated-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Unconfigured_push_authentication_refuses_every_push_and_says_what_to_set()
    {
        await using var ingestion = await Start(allowUnauthenticated: false);
        var response = await ingestion.Push(IngestionHost.Envelope("42", "{}"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Contains("PubSub:Push:Audience", problem!.Detail);
        Assert.Contains("PubSub:Push:AllowUnauthenticated=true", problem.Detail);
        Assert.Empty(await ingestion.PubSubDeliveries());
    }

    [Fact]
    public async Task Allowed_unauthenticated_pushes_are_accepted()
    {
        await using var ingestion = await Start(allowUnauthenticated: true);
        var response = await ingestion.Push(IngestionHost.Envelope("43", "{}"));

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Single(await ingestion.PubSubDeliveries());
    }

    Task<IngestionHost> Start(bool allowUnauthenticated) =>
        IngestionHost.Start(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:DataDirectory"] = Path.Combine(directory, $"{allowUnauthenticated}"),
            ["Messaging:Transport"] = "InMemory",
            ["PubSub:Push:AllowUnauthenticated"] = allowUnauthenticated ? "true" : "false",
        });

    public Task DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
        return Task.CompletedTask;
    }
}
