using System.Net;
using Micro.Testing;

namespace Micro.PubSub.Tests;

/// <summary>A push that cannot be stored is not acknowledged (503), so Pub/Sub pushes it again; once the database is back it is taken.</summary>
public sealed class StorageOutageTests
{
    [Fact]
    public async Task A_push_is_answered_503_while_the_database_is_down_and_taken_once_it_is_back()
    {
        await using var postgres = await PrivatePostgres.Start();
        await using var ingestion = await IngestionHost.Start(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Ingestion"] = postgres.ConnectionString("ingestion"),
            ["Messaging:Transport"] = "InMemory",
            ["PubSub:Push:AllowUnauthenticated"] = "true",
            ["GitHub:StoreTimeout"] = "00:00:03",
        });
        var body = IngestionHost.Envelope("7001", "{\"workflow\": \"hello_world\", \"parameters\": {}}");
        await postgres.Stop();

        var refused = await ingestion.Push(body);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Contains("Pub/Sub will push it again", await refused.Content.ReadAsStringAsync());

        await postgres.StartAgain();
        await Eventually.True(async () => (await ingestion.Push(body)).StatusCode == HttpStatusCode.NoContent, "the push is taken once the database is back");
        await Eventually.True(() => ingestion.Requested.Any(r => r.RequestId == "7001"), "the stored message is published");
    }
}
