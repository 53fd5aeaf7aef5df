using MassTransit;
using Micro.GitWorkflow.Runs;
using Micro.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.GitWorkflow.Tests;

/// <summary>
/// A run executes once however often its go is delivered: a second executor given a run that another one holds leaves it alone
/// (as after RabbitMQ's consumer time-out redelivers a go whose executor is still at work).
/// </summary>
public sealed class RunOnceTests
{
    const string Repository = GitWorkflowService.Repository;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task Two_executors_given_the_same_run_execute_it_once(string database)
    {
        using var agent = new CountedAgent();
        await using var postgres = PostgresDatabase.Reserve("gitworkflow");
        var settings = agent.Settings();
        if (database == "Postgres")
        {
            settings["Database:Provider"] = "Postgres";
            settings["ConnectionStrings:GitWorkflow"] = postgres.ConnectionString;
        }

        await using var service = await GitWorkflowService.Start(settings);
        var goes = new ExecutorGoes();
        using var observing = service.Services.GetRequiredService<IBus>().ConnectConsumeObserver(goes);

        var id = await service.Start(new
        {
            workflow = "push_feature",
            parameters = new { git_url = service.GitHubGit.UrlOf(Repository), feature_request = "x", agent = CountedAgent.Name, pull_request = true },
        });
        await Eventually.True(() => agent.Runs == 1, "the first executor runs the agent");

        // The same go again, while the first executor is at the gate: a second consumer takes it at once (two runs may run at a time).
        await service.Publish(new ExecuteWorkflowRun(id));
        await Eventually.True(() => goes.Handled >= 1 || agent.Runs > 1, "the second go is handled");
        agent.Open();
        var run = await service.Ended(id);

        Assert.Equal("succeeded", run.Text("state"));
        Assert.Equal(1, agent.Runs);
        Assert.Single(run.Steps(), step => step.Text("name") == "push");
        Assert.Single(await service.Repositories.Branches(Repository), name => name != "main");
        Assert.Single(service.GitHub.PullRequests);
    }

    /// <summary>Counts the executor's goes that have been handled to the end (acknowledged).</summary>
    sealed class ExecutorGoes : IConsumeObserver
    {
        int handled;

        public int Handled => Volatile.Read(ref handled);

        public Task PreConsume<T>(ConsumeContext<T> context)
            where T : class => Task.CompletedTask;

        public Task PostConsume<T>(ConsumeContext<T> context)
            where T : class
        {
            if (context.Message is ExecuteWorkflowRun)
                Interlocked.Increment(ref handled);
            return Task.CompletedTask;
        }

        public Task ConsumeFault<T>(ConsumeContext<T> context, Exception exception)
            where T : class => Task.CompletedTask;
    }
}
