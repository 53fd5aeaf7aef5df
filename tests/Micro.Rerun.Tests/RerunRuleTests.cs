using System.Security.Cryptography;
using System.Text.Json;
using Micro.Testing;

namespace Micro.Rerun.Tests;

/// <summary>The old re-runner's rules, kept, and what Micro adds: through the door, with signed webhooks, standalone.</summary>
public sealed class RerunRuleTests
{
    [Fact]
    public async Task A_failed_attempt_is_re_run_once_when_its_last_job_completes_after_GitHub_confirms_the_run_finished()
    {
        await using var micro = await StandaloneMicro.Start();
        var run = new RunWebhooks(RerunApiCalls.NewRepository("api"), 7001);
        micro.GitHub.Finished(run);

        await micro.Client.DeliverAll([run.Queued(1), run.Queued(2), run.Completed(1, "success")]);
        var running = await micro.Client.AttemptIn("tracking", run.Repository, run.RunId);
        Assert.Equal("pending", running.Decision());

        await micro.Client.Deliver(run.Completed(2, "failure"));

        var decided = await micro.Client.Decided(run.Repository, run.RunId);
        Assert.Equal("rerun-requested", decided.Decision());
        Assert.Equal("201", decided.GetProperty("gitHubAnswer").GetString());
        Assert.Contains("job-2", decided.Reason());
        Assert.Equal(["1:completed:success", "2:completed:failure"], Jobs(decided));
        var rerun = Assert.Single(micro.GitHub.Reruns);
        Assert.Equal((run.Repository, run.RunId, 1), (rerun.Repository, rerun.RunId, rerun.RunAttempt));
        var calls = micro.GitHub.Requests.Select(request => $"{request.Method} {request.Path}").ToList();
        Assert.Equal([$"GET /repos/{run.Repository}/actions/runs/{run.RunId}", $"POST /repos/{run.Repository}/actions/runs/{run.RunId}/rerun-failed-jobs"], calls);
        Assert.All(micro.GitHub.Requests, request => Assert.Equal($"Bearer {Micro.Testing.Fakes.FakeGitHub.Token}", request.Authorization));
    }

    [Fact]
    public async Task An_attempt_without_failed_jobs_calls_nothing()
    {
        await using var micro = await StandaloneMicro.Start();
        var run = new RunWebhooks(RerunApiCalls.NewRepository("green"), 7002);
        micro.GitHub.Finished(run, "success");

        await micro.Client.DeliverAll(run.Jobs((1, "success"), (2, "success"), (3, "skipped")));

        var decided = await micro.Client.Decided(run.Repository, run.RunId);
        Assert.Equal("no-failure", decided.Decision());
        Assert.Empty(micro.GitHub.Requests);
    }

    [Fact]
    public async Task Duplicated_and_reordered_job_events_are_counted_by_job_id()
    {
        await using var micro = await StandaloneMicro.Start();
        var run = new RunWebhooks(RerunApiCalls.NewRepository("shuffled"), 7003);
        micro.GitHub.SetWorkflowRun(run.Repository, run.RunId, "in_progress");

        // Job 2's completion overtakes its own queued event; job 1 is announced twice and a late queued must not reopen job 2.
        await micro.Client.DeliverAll([run.Completed(2, "failure"), run.Queued(1), run.Queued(1), run.Queued(2), run.InProgress(1)]);
        await Eventually.True(() => micro.Consumed.Count == 5, "the five events were consumed");
        var waiting = await micro.Client.AttemptIn("tracking", run.Repository, run.RunId);
        Assert.Equal(["1:in-progress:", "2:completed:failure"], Jobs(waiting));
        Assert.Equal(0, micro.GitHub.RerunRequests(run.Repository, run.RunId));

        micro.GitHub.Finished(run);
        var final = run.Completed(1, "success");
        await micro.Client.Deliver(final);
        await micro.Client.Deliver(final);
        var decided = await micro.Client.Decided(run.Repository, run.RunId);
        Assert.Equal("rerun-requested", decided.Decision());

        await Eventually.True(() => micro.Consumed.Count == 7, "both copies of the final job's event were consumed");

        // Every event again, as a redelivery storm would bring them: the attempt is decided, nothing is called again.
        var replayed = micro.Consumed.Count;
        await micro.Client.DeliverAll([.. run.Jobs((1, "success"), (2, "failure")), run.RunCompleted("failure")]);
        await Eventually.True(() => micro.Consumed.Count == replayed + 5, "the redelivered events were consumed");
        Assert.Equal(1, micro.GitHub.RerunRequests(run.Repository, run.RunId));
    }

    [Fact]
    public async Task A_job_queued_after_the_others_completed_reopens_the_attempt()
    {
        await using var micro = await StandaloneMicro.Start();
        var run = new RunWebhooks(RerunApiCalls.NewRepository("pipeline"), 7019);
        micro.GitHub.SetWorkflowRun(run.Repository, run.RunId, "in_progress");

        // build passes; deploy, which needs build, is only queued afterwards, and fails.
        await micro.Client.DeliverAll(run.Jobs((1, "success")));
        Assert.Equal("no-failure", (await micro.Client.AttemptIn("settled", run.Repository, run.RunId)).Decision());
        await micro.Client.Deliver(run.Queued(2));
        Assert.Equal("pending", (await micro.Client.AttemptIn("tracking", run.Repository, run.RunId)).Decision());
        micro.GitHub.Finished(run);
        await micro.Client.Deliver(run.Completed(2, "failure"));

        Assert.Equal("rerun-requested", (await micro.Client.Decided(run.Repository, run.RunId)).Decision());
        Assert.Equal(1, micro.GitHub.RerunRequests(run.Repository, run.RunId));
    }

    [Fact]
    public async Task Cancelled_timed_out_and_skipped_jobs_are_not_re_run_unless_configured_for_the_repository()
    {
        var lenient = RerunApiCalls.NewRepository("lenient");
        await using var micro = await StandaloneMicro.Start(new Dictionary<string, string?>
        {
            [$"Rerun:Repositories:{lenient}:Conclusions:0"] = "failure",
            [$"Rerun:Repositories:{lenient}:Conclusions:1"] = "cancelled",
        });
        var strict = new RunWebhooks(RerunApiCalls.NewRepository("strict"), 7004);
        var configured = new RunWebhooks(lenient, 7005);
        micro.GitHub.Finished(strict, "cancelled");
        micro.GitHub.Finished(configured, "cancelled");

        await micro.Client.DeliverAll(strict.Jobs((1, "cancelled"), (2, "timed_out"), (3, "skipped")));
        await micro.Client.DeliverAll(configured.Jobs((1, "cancelled"), (2, "success")));

        Assert.Equal("no-failure", (await micro.Client.Decided(strict.Repository, strict.RunId)).Decision());
        Assert.Equal("rerun-requested", (await micro.Client.Decided(configured.Repository, configured.RunId)).Decision());
        Assert.Equal(0, micro.GitHub.RerunRequests(strict.Repository, strict.RunId));
        Assert.Equal(1, micro.GitHub.RerunRequests(configured.Repository, configured.RunId));
    }

    [Fact]
    public async Task Attempts_from_RUN_ATTEMPTS_on_are_ignored()
    {
        await using var micro = await StandaloneMicro.Start(new Dictionary<string, string?> { ["RUN_ATTEMPTS"] = "3" });
        var repository = RerunApiCalls.NewRepository("flaky");
        var second = new RunWebhooks(repository, 7006, RunAttempt: 2);
        var third = new RunWebhooks(repository, 7007, RunAttempt: 3);
        micro.GitHub.Finished(second);
        micro.GitHub.Finished(third);

        await micro.Client.DeliverAll(second.Jobs((1, "failure")));
        await micro.Client.DeliverAll(third.Jobs((1, "failure")));

        Assert.Equal("rerun-requested", (await micro.Client.Decided(repository, second.RunId, 2)).Decision());
        var limited = await micro.Client.Decided(repository, third.RunId, 3);
        Assert.Equal("ignored-attempt-limit", limited.Decision());
        Assert.Contains("limit of 3 attempts", limited.Reason());
        Assert.Equal(0, micro.GitHub.RerunRequests(repository, third.RunId));
    }

    [Fact]
    public async Task Runs_of_actors_in_NO_RETRY_LIST_are_never_re_run()
    {
        await using var micro = await StandaloneMicro.Start(new Dictionary<string, string?> { ["NO_RETRY_LIST"] = "dependabot[bot], Renovate-Bot" });
        var repository = RerunApiCalls.NewRepository("bots");
        var bot = new RunWebhooks(repository, 7008, Sender: "renovate-bot");
        var human = new RunWebhooks(repository, 7009, Sender: "octocat");
        micro.GitHub.Finished(bot);
        micro.GitHub.Finished(human);

        await micro.Client.DeliverAll(bot.Jobs((1, "failure")));
        await micro.Client.DeliverAll(human.Jobs((1, "failure")));

        Assert.Equal("ignored-excluded-actor", (await micro.Client.Decided(repository, bot.RunId)).Decision());
        Assert.Equal("rerun-requested", (await micro.Client.Decided(repository, human.RunId)).Decision());
        Assert.Equal(0, micro.GitHub.RerunRequests(repository, bot.RunId));
    }

    [Fact]
    public async Task Only_branches_matching_REPO_BRANCHES_are_re_run()
    {
        await using var micro = await StandaloneMicro.Start(new Dictionary<string, string?> { ["REPO_BRANCHES"] = "main,release/*" });
        var repository = RerunApiCalls.NewRepository("branches");
        var runs = new[] { ("main", 7010L), ("release/1.2", 7011L), ("release/1.2/hotfix", 7012L), ("feature/x", 7013L) }
            .Select(branch => new RunWebhooks(repository, branch.Item2, Branch: branch.Item1)).ToList();
        foreach (var run in runs)
        {
            micro.GitHub.Finished(run);
            await micro.Client.DeliverAll(run.Jobs((1, "failure")));
        }

        var decisions = new List<string>();
        foreach (var run in runs)
            decisions.Add((await micro.Client.Decided(repository, run.RunId)).Decision());
        Assert.Equal(["rerun-requested", "rerun-requested", "ignored-branch", "ignored-branch"], decisions);
    }

    [Fact]
    public async Task The_re_run_waits_for_the_delay_without_holding_the_webhook_answer()
    {
        await using var micro = await StandaloneMicro.Start(new Dictionary<string, string?> { ["Rerun:Delay"] = "00:00:02" });
        var run = new RunWebhooks(RerunApiCalls.NewRepository("patient"), 7014);
        micro.GitHub.Finished(run);

        await micro.Client.DeliverAll(run.Jobs((1, "failure")));

        var due = await micro.Client.Attempt(run.Repository, run.RunId);
        var decided = await micro.Client.Decided(run.Repository, run.RunId);
        Assert.Equal("rerun-requested", decided.Decision());
        var finalAt = decided.GetProperty("finalAt").GetDateTime();
        Assert.True(decided.GetProperty("requestedAt").GetDateTime() >= finalAt.AddSeconds(2), decided.ToString());
        Assert.NotNull(due);
        Assert.Single(micro.GitHub.Reruns);
    }

    [Fact]
    public async Task A_run_GitHub_still_reports_in_progress_is_not_re_run_until_its_later_jobs_finish()
    {
        await using var micro = await StandaloneMicro.Start(new Dictionary<string, string?> { ["Rerun:GitHubAttempts"] = "3" });
        var run = new RunWebhooks(RerunApiCalls.NewRepository("staged"), 7015);
        micro.GitHub.SetWorkflowRun(run.Repository, run.RunId, "in_progress");

        // The build job failed; the deploy job that needs it has not been queued yet when the build's completion arrives.
        await micro.Client.DeliverAll(run.Jobs((1, "failure")));
        await Eventually.True(async () => (await micro.Client.Attempt(run.Repository, run.RunId))?.Reason().Contains("after 3 checks") == true,
            "GitHub was asked three times and the attempt went back to waiting for events");
        var waiting = await micro.Client.AttemptIn("tracking", run.Repository, run.RunId);
        Assert.Contains("GitHub reports the run in_progress", waiting.Reason());
        Assert.Equal(3, micro.GitHub.RunLookups(run.Repository, run.RunId));
        Assert.Equal(0, micro.GitHub.RerunRequests(run.Repository, run.RunId));

        micro.GitHub.Finished(run);
        await micro.Client.DeliverAll(run.Jobs((2, "skipped")));

        var decided = await micro.Client.Decided(run.Repository, run.RunId);
        Assert.Equal("rerun-requested", decided.Decision());
        Assert.Equal(1, micro.GitHub.RerunRequests(run.Repository, run.RunId));
    }

    [Fact]
    public async Task A_dry_run_decides_and_records_but_calls_nothing()
    {
        await using var micro = await StandaloneMicro.Start(new Dictionary<string, string?> { ["Rerun:DryRun"] = "true" });
        var run = new RunWebhooks(RerunApiCalls.NewRepository("dry"), 7018);
        micro.GitHub.Finished(run);

        await micro.Client.DeliverAll(run.Jobs((1, "failure"), (2, "success")));

        var decided = await micro.Client.Decided(run.Repository, run.RunId);
        Assert.Equal("dry-run", decided.Decision());
        Assert.Contains("job-1", decided.Reason());
        Assert.Empty(micro.GitHub.Requests);
    }

    [Fact]
    public async Task As_a_GitHub_App_the_re_run_is_made_with_a_token_of_the_installation_the_webhooks_came_from()
    {
        var pem = Fixtures.Read("test-vectors", "github-app-jwt.test-key.pkcs8.pem");
        await using var micro = await StandaloneMicro.Start(new Dictionary<string, string?>
        {
            ["GitHub:Token"] = null,
            ["GitHub:AppId"] = "1234",
            ["GitHub:AppPrivateKey"] = pem,
        });
        using var key = RSA.Create();
        key.ImportFromPem(pem);
        // The installation of the real queued payload, which the job events carry.
        micro.GitHub.UseApp(appId: 1234, key, installationId: 3456996);
        var run = new RunWebhooks(RerunApiCalls.NewRepository("app"), 7020);
        micro.GitHub.Finished(run);

        await micro.Client.DeliverAll(run.Jobs((1, "failure")));

        Assert.Equal("rerun-requested", (await micro.Client.Decided(run.Repository, run.RunId)).Decision());
        Assert.StartsWith("Bearer ghs_", Assert.Single(micro.GitHub.Requests, request => request.Method == "POST" && request.Path.EndsWith("/rerun-failed-jobs")).Authorization);
        Assert.DoesNotContain(micro.GitHub.Requests, request => request.Path.EndsWith("/installation"));
    }

    static List<string> Jobs(JsonElement attempt) =>
        attempt.GetProperty("jobs").EnumerateArray()
            .Select(job => $"{job.GetProperty("id").GetInt64()}:{job.GetProperty("status").GetString()}:{(job.TryGetProperty("conclusion", out var c) ? c.GetString() : "")}")
            .Order().ToList();
}
