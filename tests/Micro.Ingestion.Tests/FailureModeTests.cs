using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Micro.Testing;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Micro.Ingestion.Tests;

/// <summary>
/// When Micro cannot keep a delivery, it must say so (5xx) rather than answer 2xx and lose it; when it can keep it but not yet publish
/// its event, it keeps it.
/// </summary>
public sealed class FailureModeTests
{
    static readonly string Body = WebhookPayloads.Read("workflow_job", "queued.payload.json");

    [Fact]
    public async Task With_the_broker_unreachable_deliveries_are_accepted_and_wait_in_the_outbox_while_readiness_reports_it()
    {
        var directory = Directory.CreateTempSubdirectory("micro-ingestion-broker-down-").FullName;
        await using var service = await IngestionService.Start(new Dictionary<string, string?>
        {
            ["Database:DataDirectory"] = directory,
            ["Messaging:Transport"] = "RabbitMq",
            ["ConnectionStrings:RabbitMq"] = "amqp://guest:guest@127.0.0.1:1/",
        });
        var deliveryId = Guid.NewGuid().ToString();

        var response = await service.Deliver("workflow_job", Body, deliveryId);
        var ready = await service.Client.GetAsync("/health/ready");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        // Still ready, so that the gateway keeps sending webhooks here; the report says what is wrong.
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        var report = await ready.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Degraded", report.GetProperty("status").GetString());
        Assert.Equal("Degraded", report.GetProperty("checks").GetProperty("masstransit-bus").GetProperty("status").GetString());
        var delivery = await service.Client.GetFromJsonAsync<JsonElement>($"/api/ingestion/deliveries/{deliveryId}");
        Assert.Equal("received", delivery.GetProperty("delivery").GetProperty("state").GetString());
        Assert.Single(delivery.GetProperty("pending").EnumerateArray());
    }

    [Fact]
    public async Task With_the_database_gone_deliveries_are_refused_with_503_and_readiness_fails()
    {
        await using var database = PostgresDatabase.Reserve("ingestion_db_down");
        await using var service = await IngestionService.Start(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Ingestion"] = database.ConnectionString,
            ["Messaging:Transport"] = "InMemory",
        });
        var accepted = await service.Deliver("workflow_job", Body);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);

        await DropDatabase(database.Name);
        var refused = await service.Deliver("workflow_job", Body);
        var ready = await service.Client.GetAsync("/health/ready");

        await WebhookIngestionContract.AssertProblem(refused, HttpStatusCode.ServiceUnavailable, "Delivery not stored");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var report = await ready.Content.ReadAsStringAsync();
        Assert.DoesNotContain("Password", report, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Without_a_webhook_secret_the_service_refuses_to_start_and_names_the_key()
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => IngestionService.Start(new Dictionary<string, string?>
        {
            ["GitHub:WebhookSecrets:0"] = null,
            ["Database:DataDirectory"] = Directory.CreateTempSubdirectory("micro-ingestion-no-secret-").FullName,
        }));

        Assert.Contains("GitHub:WebhookSecrets", failure.Message);
        Assert.Contains("GitHub:AllowUnsignedWebhooks", failure.Message);
    }

    [Fact]
    public async Task Unsigned_deliveries_are_accepted_only_when_explicitly_allowed_without_a_secret()
    {
        await using var service = await IngestionService.Start(new Dictionary<string, string?>
        {
            ["GitHub:WebhookSecrets:0"] = null,
            ["GitHub:AllowUnsignedWebhooks"] = "true",
            ["Database:DataDirectory"] = Directory.CreateTempSubdirectory("micro-ingestion-unsigned-").FullName,
        });
        var deliveryId = Guid.NewGuid().ToString();

        var response = await service.Deliver("workflow_job", System.Text.Encoding.UTF8.GetBytes(Body), deliveryId, signature: null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await Eventually.True(() => service.Recorded.CountFor(deliveryId) == 1, "the unsigned delivery was published");
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(deliveryId, answer.GetProperty("deliveryId").GetString());
    }

    static async Task DropDatabase(string name)
    {
        await using var admin = new NpgsqlConnection(TestInfrastructure.PostgresAdmin);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE \"{name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
