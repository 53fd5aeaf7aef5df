using System.Net;
using System.Security.Cryptography;
using Micro.Testing;
using Micro.Testing.Fakes;

namespace Micro.GitHub.Tests;

public sealed class GitHubClientTests
{
    static readonly GitHubTarget Repository = new("acme/api");

    [Fact]
    public async Task Reads_a_workflow_run_and_reruns_its_failed_jobs_with_the_token()
    {
        await using var github = await FakeGitHub.Start();
        github.SetWorkflowRun("acme/api", 7, "completed", "failure", runAttempt: 2, headBranch: "release/1.2");
        using var host = GitHubClientHost.Build(github);

        var run = await host.Client().GetWorkflowRun(Repository, 7, CancellationToken.None);
        await host.Client().RerunFailedJobs(Repository, 7, CancellationToken.None);

        Assert.Equal(new GitHubWorkflowRun(7, 2, "completed", "failure", "release/1.2"), run);
        Assert.Equal(new[] { (7L, 2) }, github.Reruns.Select(rerun => (rerun.RunId, rerun.RunAttempt)));
        Assert.All(github.Requests, request => Assert.Equal($"Bearer {FakeGitHub.Token}", request.Authorization));
    }

    [Fact]
    public async Task Lists_every_branch_across_pages()
    {
        await using var github = await FakeGitHub.Start();
        var names = Enumerable.Range(0, 250).Select(i => $"feature/{i}").ToArray();
        github.SetBranches("acme/api", names);
        using var host = GitHubClientHost.Build(github);

        var branches = await host.Client().ListBranches(Repository, CancellationToken.None);

        Assert.Equal(names, branches);
        Assert.Equal(3, github.Requests.Count(request => request.Path.EndsWith("/branches", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Lists_a_hooks_deliveries_newest_first_across_cursor_pages_and_redelivers_one()
    {
        await using var github = await FakeGitHub.Start();
        var hook = FakeHook.Repository("acme/api", 7);
        var start = DateTimeOffset.UtcNow.AddHours(-1);
        var seeded = Enumerable.Range(0, 250)
            .Select(i => github.AddHookDelivery(hook, $"guid-{i}", "push", """{"action":null}""", statusCode: i % 2 == 0 ? 200 : 0, deliveredAt: start.AddSeconds(i)))
            .ToList();
        using var host = GitHubClientHost.Build(github);

        var listed = await host.Client().ListHookDeliveries(new GitHubHook.OfRepository("acme/api", 7), CancellationToken.None).ToListAsync();
        await host.Client().RedeliverHookDelivery(new GitHubHook.OfRepository("acme/api", 7), seeded[1].Id, CancellationToken.None);

        Assert.Equal(seeded.Select(d => d.Guid).Reverse(), listed.Select(d => d.Guid));
        Assert.Equal(seeded.Select(d => d.StatusCode is 200).Reverse(), listed.Select(d => d.Succeeded));
        Assert.Equal(3, github.Requests.Count(request => request.Method == "GET" && request.Path == "/repos/acme/api/hooks/7/deliveries"));
        Assert.Equal(("guid-1", seeded[1].Id), (Assert.Single(github.Redeliveries).Guid, github.Redeliveries[0].DeliveryId));
    }

    [Fact]
    public async Task Lists_every_job_of_a_run_attempt_across_pages()
    {
        await using var github = await FakeGitHub.Start();
        github.SetWorkflowRun("acme/api", 7, "completed", "failure", runAttempt: 2);
        var jobs = Enumerable.Range(1, 130).Select(id => new FakeWorkflowJob(id, $"shard {id}", id == 130 ? "failure" : "success")).ToArray();
        github.SetJobs("acme/api", 7, 2, jobs);
        using var host = GitHubClientHost.Build(github);

        var listed = await host.Client().ListRunAttemptJobs(Repository, 7, 2, CancellationToken.None);

        Assert.Equal(130, listed.Count);
        Assert.Equal(new GitHubWorkflowJob(130, "shard 130", "completed", "failure"), listed[^1]);
        Assert.Equal(2, github.Requests.Count(request => request.Path == "/repos/acme/api/actions/runs/7/attempts/2/jobs"));
    }

    [Fact]
    public async Task Posts_commit_statuses()
    {
        await using var github = await FakeGitHub.Start();
        using var host = GitHubClientHost.Build(github);

        await host.Client().CreateCommitStatus(Repository, "abc123", new CommitStatus("pending", "micro/pr-lock/pr", "waiting for lock held by #12"), CancellationToken.None);

        Assert.Equal(new RecordedCommitStatus("acme/api", "abc123", "pending", "micro/pr-lock/pr", "waiting for lock held by #12", null), Assert.Single(github.CommitStatuses));
    }

    [Fact]
    public async Task Works_against_GitHub_Enterprise_under_api_v3()
    {
        await using var github = await FakeGitHub.Start("/api/v3");
        github.SetWorkflowRun("acme/api", 9, "in_progress");
        using var host = GitHubClientHost.Build(github);

        var run = await host.Client().GetWorkflowRun(Repository, 9, CancellationToken.None);

        Assert.Equal("in_progress", run.Status);
        Assert.StartsWith("/api/v3/", github.ApiUrl.AbsolutePath);
    }

    [Fact]
    public async Task Says_when_nothing_is_configured()
    {
        await using var github = await FakeGitHub.Start();
        using var host = GitHubClientHost.Build(github, new Dictionary<string, string?>());

        Assert.False(host.Client().IsConfigured);
        await Assert.ThrowsAsync<GitHubNotConfiguredException>(() => host.Client().GetWorkflowRun(Repository, 1, CancellationToken.None));
        Assert.Empty(github.Requests);
    }

    [Fact]
    public async Task Acts_as_a_GitHub_App_with_one_installation_token_for_many_calls()
    {
        await using var github = await FakeGitHub.Start();
        var pem = Fixtures.Read("test-vectors", "github-app-jwt.test-key.pkcs8.pem");
        using var key = RSA.Create();
        key.ImportFromPem(pem);
        github.UseApp(appId: 1234, key, installationId: 55);
        github.SetWorkflowRun("acme/api", 3, "completed", "success");
        using var host = GitHubClientHost.Build(github, new Dictionary<string, string?> { ["GitHub:AppId"] = "1234", ["GitHub:AppPrivateKey"] = pem });

        await host.Client().GetWorkflowRun(new GitHubTarget("acme/api", 55), 3, CancellationToken.None);
        await host.Client().GetWorkflowRun(new GitHubTarget("acme/api", 55), 3, CancellationToken.None);
        await host.Client().GetWorkflowRun(Repository, 3, CancellationToken.None); // installation looked up by repository

        Assert.Equal(1, github.InstallationTokensIssued);
        Assert.Single(github.Requests, request => request.Path == "/repos/acme/api/installation");
        Assert.All(github.Requests.Where(request => request.Path.EndsWith("/runs/3", StringComparison.Ordinal)),
            request => Assert.StartsWith("Bearer ghs_", request.Authorization));
    }

    [Fact]
    public async Task A_spent_rate_limit_is_transient_and_says_when_it_resets()
    {
        await using var github = await FakeGitHub.Start();
        github.SetWorkflowRun("acme/api", 7, "completed", "failure");
        var reset = DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds().ToString();
        github.Fail("POST", "/repos/acme/api/actions/runs/7/rerun-failed-jobs", 403, "API rate limit exceeded for installation ID 55.",
            new Dictionary<string, string> { ["x-ratelimit-remaining"] = "0", ["x-ratelimit-reset"] = reset });
        using var host = GitHubClientHost.Build(github);

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => host.Client().RerunFailedJobs(Repository, 7, CancellationToken.None));

        Assert.True(error.IsRateLimited);
        Assert.True(error.IsTransient);
        Assert.InRange(error.RetryAfter!.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
        Assert.Empty(github.Reruns);
    }

    [Fact]
    public async Task Retry_after_is_honoured_for_429()
    {
        await using var github = await FakeGitHub.Start();
        github.Fail("GET", "/repos/acme/api/actions/runs/", 429, "You have exceeded a secondary rate limit.", new Dictionary<string, string> { ["Retry-After"] = "7" });
        using var host = GitHubClientHost.Build(github);

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => host.Client().GetWorkflowRun(Repository, 1, CancellationToken.None));

        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.True(error.IsTransient);
        Assert.Single(github.Requests);
    }

    [Theory]
    [InlineData(502, "Bad Gateway")]
    [InlineData(503, "Service Unavailable")]
    public async Task A_read_answered_with_a_server_error_is_retried_transparently(int status, string message)
    {
        await using var github = await FakeGitHub.Start();
        github.SetWorkflowRun("acme/api", 7, "completed", "failure");
        github.Fail("GET", "/repos/acme/api/actions/runs/7", status, message);
        using var host = GitHubClientHost.Build(github);

        var run = await host.Client().GetWorkflowRun(Repository, 7, CancellationToken.None);

        Assert.Equal(("completed", "failure"), (run.Status, run.Conclusion));
        Assert.Equal(2, github.Requests.Count(request => request.Path == "/repos/acme/api/actions/runs/7"));
    }

    [Fact]
    public async Task A_rerun_answered_with_a_server_error_is_not_repeated()
    {
        await using var github = await FakeGitHub.Start();
        github.SetWorkflowRun("acme/api", 7, "completed", "failure");
        github.Fail("POST", "/repos/acme/api/actions/runs/7/rerun-failed-jobs", 502, "Bad Gateway");
        using var host = GitHubClientHost.Build(github);

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => host.Client().RerunFailedJobs(Repository, 7, CancellationToken.None));

        // GitHub may have started the re-run before the gateway failed: only the caller, who can check first, may ask again.
        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Single(github.Requests, request => request.Method == "POST");
        Assert.Empty(github.Reruns);
    }

    [Fact]
    public async Task A_rate_limited_read_is_not_repeated_by_the_client()
    {
        await using var github = await FakeGitHub.Start();
        github.Fail("GET", "/repos/acme/api/actions/runs/", 403, "API rate limit exceeded for installation",
            new Dictionary<string, string> { ["x-ratelimit-remaining"] = "0", ["x-ratelimit-reset"] = DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeSeconds().ToString() });
        using var host = GitHubClientHost.Build(github);

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => host.Client().GetWorkflowRun(Repository, 1, CancellationToken.None));

        Assert.True(error.IsRateLimited);
        Assert.Single(github.Requests);
    }

    [Theory]
    [InlineData(404, "Not Found", false)]
    [InlineData(403, "Resource not accessible by integration", false)]
    [InlineData(422, "Unprocessable Entity", false)]
    [InlineData(500, "Server Error", true)]
    [InlineData(502, "Bad Gateway", true)]
    public async Task Errors_carry_GitHubs_status_and_message_and_whether_to_retry(int status, string message, bool transient)
    {
        await using var github = await FakeGitHub.Start();
        // Often enough to outlast the client's own retries of server errors.
        github.Fail("GET", "/repos/acme/api/actions/runs/1", status, message, times: 10);
        using var host = GitHubClientHost.Build(github);

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => host.Client().GetWorkflowRun(Repository, 1, CancellationToken.None));

        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Equal(message, error.GitHubMessage);
        Assert.Equal(transient, error.IsTransient);
        Assert.DoesNotContain(FakeGitHub.Token, error.ToString());
    }

    [Fact]
    public async Task A_listing_of_a_repository_GitHub_does_not_know_says_Not_Found()
    {
        await using var github = await FakeGitHub.Start();
        using var host = GitHubClientHost.Build(github);

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => host.Client().ListBranches(new GitHubTarget("acme/gone"), CancellationToken.None));

        Assert.Equal((HttpStatusCode.NotFound, "Not Found", false), (error.StatusCode, error.GitHubMessage, error.IsTransient));
    }

    [Theory]
    [InlineData("acme")]
    [InlineData("acme/api/extra")]
    [InlineData("acme/..")]
    [InlineData("../etc")]
    public async Task Refuses_what_is_not_a_repository_name(string repository)
    {
        await using var github = await FakeGitHub.Start();
        using var host = GitHubClientHost.Build(github);

        await Assert.ThrowsAsync<ArgumentException>(() => host.Client().ListBranches(new GitHubTarget(repository), CancellationToken.None));
        Assert.Empty(github.Requests);
    }
}
