using System.Text.Json;
using Micro.GitWorkflow.Runs;
using Micro.Testing;

namespace Micro.GitWorkflow.Tests;

/// <summary>
/// A run whose executor died (its process crashed: the claim is no longer renewed and lapses) is taken over and resumes after its last
/// lasting step, with the branch name it kept: nothing lasting is done twice. The dead executor is staged in the database as it leaves
/// a run: claimed by a holder that stopped renewing, with the steps it recorded.
/// </summary>
public sealed class TakeoverTests
{
    const string Repository = GitWorkflowService.Repository;
    const string DeadHolder = "crashed-host:4242:0123456789abcdef0123456789abcdef";

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("Postgres")]
    public async Task A_run_interrupted_after_its_push_resumes_with_the_pull_request_and_pushes_no_second_branch(string database)
    {
        using var agent = new CountedAgent();
        await using var postgres = PostgresDatabase.Reserve("gitworkflow");
        await using var service = await Start(agent, database, postgres);
        const string branch = "feature/Grace-0042";
        await service.Repositories.AddCommit(Repository, branch, new Dictionary<string, string> { ["TASK.md"] = "done before the crash" }, "Updated files: TASK.md");

        var id = await StageCrashedRun(service, branch, ["clone", "checkout_source", "create_branch", "agent", "commit", "push"]);
        var run = await service.Ended(id);

        Assert.Equal("succeeded", run.Text("state"));
        Assert.Equal([branch, "main"], (await service.Repositories.Branches(Repository)).Order(StringComparer.Ordinal));
        Assert.Equal("done before the crash", await service.Repositories.FileAt(Repository, branch, "TASK.md"));
        Assert.Equal(0, agent.Runs);
        var pullRequest = Assert.Single(service.GitHub.PullRequests);
        Assert.Equal((branch, "main"), (pullRequest.Head, pullRequest.Base));
        var resumed = run.StepNames().SkipWhile(name => name != "resume").ToList();
        Assert.Equal(["resume", "pull_request", "cleanup"], resumed);
        Assert.Contains(DeadHolder, run.Steps().Single(step => step.Text("name") == "resume").Text("output"));
    }

    [Fact]
    public async Task A_run_interrupted_before_its_push_starts_again_from_a_fresh_clone_and_pushes_the_branch_it_named()
    {
        using var agent = new CountedAgent();
        agent.Open();
        await using var postgres = PostgresDatabase.Reserve("gitworkflow");
        await using var service = await Start(agent, "Sqlite", postgres);
        const string branch = "feature/Grace-0042";

        var id = await StageCrashedRun(service, branch, ["clone", "checkout_source", "create_branch"]);
        var run = await service.Ended(id);

        Assert.Equal("succeeded", run.Text("state"));
        // The name the dead executor chose, not a new random one.
        Assert.Equal([branch, "main"], (await service.Repositories.Branches(Repository)).Order(StringComparer.Ordinal));
        Assert.Equal("counted\n", await service.Repositories.FileAt(Repository, branch, "COUNTED.md"));
        Assert.Equal(1, agent.Runs);
        Assert.Equal(["resume", "clone", "checkout_source", "create_branch", "agent", "commit", "push", "pull_request", "cleanup"],
            run.StepNames().SkipWhile(name => name != "resume"));
    }

    static Task<GitWorkflowService> Start(CountedAgent agent, string database, PostgresDatabase postgres)
    {
        var settings = agent.Settings();
        // Lapsed claims are looked for every half lease.
        settings["GitWorkflow:ClaimLease"] = "00:00:02";
        if (database == "Postgres")
        {
            settings["Database:Provider"] = "Postgres";
            settings["ConnectionStrings:GitWorkflow"] = postgres.ConnectionString;
        }

        return GitWorkflowService.Start(settings);
    }

    /// <summary>A push_feature run (author Grace, with a pull request) whose executor recorded <paramref name="done"/> and died.</summary>
    static async Task<Guid> StageCrashedRun(GitWorkflowService service, string branch, IReadOnlyList<string> done)
    {
        var id = Guid.NewGuid();
        var request = JsonSerializer.Serialize(new
        {
            workflow = "push_feature",
            parameters = new { git_url = service.GitHubGit.UrlOf(Repository), author = "Grace", feature_request = "Add a login page", agent = CountedAgent.Name, pull_request = true },
        });
        var started = DateTime.UtcNow.AddMinutes(-5);
        await service.InDatabase(async db =>
        {
            db.Runs.Add(new WorkflowRun
            {
                Id = id,
                Workflow = "push_feature",
                Request = request,
                Source = "http",
                CreatedAt = started,
                ClaimedBy = DeadHolder,
                ClaimedUntil = started.AddMinutes(2),
                WorkBranch = branch,
                BaseBranch = "main",
            });
            db.States.Add(new WorkflowRunState { CorrelationId = id, CurrentState = nameof(WorkflowRunStateMachine.Running), Workflow = "push_feature", StartedAt = started });
            foreach (var name in done)
                db.Steps.Add(new WorkflowRunStep { RunId = id, Name = name, Attempt = 1, State = WorkflowRunStep.Succeeded, StartedAt = started, FinishedAt = started, Output = "before the crash" });
            await db.SaveChangesAsync();
        });
        return id;
    }
}
