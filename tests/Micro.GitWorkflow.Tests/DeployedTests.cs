using Micro.Testing;

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
}
