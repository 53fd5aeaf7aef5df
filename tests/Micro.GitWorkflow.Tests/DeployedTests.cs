using System.Text.Json;
using MassTransit;
using Micro.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.GitWorkflow.Tests;

/// <summary>The service as deployments run it: PostgreSQL with its migrations, RabbitMQ between the saga and the executor.</summary>
public sealed class DeployedTests
{
    [Fact]
    public async Task A_run_goes_through_RabbitMQ_and_PostgreSQL_and_its_repeat_by_message_id_does_not_run_again()
    {
        await using var database = PostgresDatabase.Reserve("gitworkflow");
        await using var broker = await RabbitMqVirtualHost.Create("gitworkflow");
        await using var service = await GitWorkflowService.Start(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:GitWorkflow"] = database.ConnectionString,
            ["Messaging:Transport"] = "RabbitMq",
            ["ConnectionStrings:RabbitMq"] = broker.ConnectionString,
        });
        await service.Services.WaitUntilBusHealthy();
        var request = new { workflow = "hello_world", parameters = new { git_url = service.GitHubGit.UrlOf(GitWorkflowService.Repository) } };

        var id = await service.Start(request, "once");
        var run = await service.Ended(id);
        Assert.Equal(id, await service.Start(request, "once"));

        Assert.Equal("succeeded", run.Text("state"));
        Assert.Equal(["clone", "create_branch", "write_file", "commit", "push", "cleanup"], run.StepNames());
        await Eventually.True(() => service.Finished.Received.Any(message => message.RunId == id), "the run's end is published");
        Assert.Single(await service.Repositories.Branches(GitWorkflowService.Repository), name => name.StartsWith("hello-world-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_executor_takes_as_many_runs_from_the_broker_as_it_runs_at_a_time_whatever_the_shared_limits_say()
    {
        await using var broker = await RabbitMqVirtualHost.Create("gitworkflow");
        await using var service = await GitWorkflowService.Start(new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = "RabbitMq",
            ["ConnectionStrings:RabbitMq"] = broker.ConnectionString,
            ["Messaging:ConcurrentMessageLimit"] = "16",
            ["Messaging:PrefetchCount"] = "32",
            ["GitWorkflow:MaxConcurrentRuns"] = "3",
        });
        await service.Services.WaitUntilBusHealthy();

        // The bus's own account of its receive transports, as MassTransit configured them on the broker.
        var probe = JsonSerializer.SerializeToElement(service.Services.GetRequiredService<IBusControl>().GetProbeResult().Results);
        var transports = Objects(probe).Where(element => element.TryGetProperty("queueName", out _) && element.TryGetProperty("prefetchCount", out _))
            .ToDictionary(element => element.GetProperty("queueName").GetString()!);
        var executor = transports["workflow-run-executor"];
        Assert.Equal((3, 3), (executor.GetProperty("concurrentMessageLimit").GetInt32(), executor.GetProperty("prefetchCount").GetInt32()));
        var saga = transports["workflow-run-state"];
        Assert.Equal((16, 32), (saga.GetProperty("concurrentMessageLimit").GetInt32(), saga.GetProperty("prefetchCount").GetInt32()));
    }

    static IEnumerable<JsonElement> Objects(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(property => Objects(property.Value)).Prepend(element),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Objects),
        _ => [],
    };
}
