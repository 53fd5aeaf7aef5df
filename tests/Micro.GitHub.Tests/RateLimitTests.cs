using System.Net;
using Micro.Testing.Fakes;

namespace Micro.GitHub.Tests;

/// <summary>
/// GitHub's rate limits, as its documentation describes them, come back as transient <see cref="GitHubApiException"/>s saying when to
/// ask again: the primary limit (403 or 429 with <c>x-ratelimit-remaining: 0</c>) until <c>x-ratelimit-reset</c>, a secondary limit
/// for its <c>retry-after</c>, or a minute when it names no time.
/// </summary>
public sealed class RateLimitTests
{
    static readonly GitHubTarget Repository = new("acme/api");

    [Theory]
    [InlineData(403, "API rate limit exceeded for installation ID 55.")]
    [InlineData(429, "API rate limit exceeded for installation ID 55.")]
    [InlineData(403, "Quota spent")] // the headers say it even when the wording differs
    public async Task A_spent_primary_limit_waits_until_its_reset(int status, string message)
    {
        await using var github = await FakeGitHub.Start();
        var reset = DateTimeOffset.UtcNow.AddMinutes(20);
        github.Fail("GET", "/repos/acme/api/actions/runs/7", status, message, new Dictionary<string, string>
        {
            ["x-ratelimit-limit"] = "5000",
            ["x-ratelimit-remaining"] = "0",
            ["x-ratelimit-used"] = "5000",
            ["x-ratelimit-reset"] = reset.ToUnixTimeSeconds().ToString(),
            ["x-ratelimit-resource"] = "core",
        });
        using var host = GitHubClientHost.Build(github);

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => host.Client().GetWorkflowRun(Repository, 7, CancellationToken.None));

        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Equal(message, error.GitHubMessage);
        Assert.True(error.IsRateLimited);
        Assert.True(error.IsTransient);
        Assert.InRange(error.RetryAfter!.Value, TimeSpan.FromMinutes(19), TimeSpan.FromMinutes(20));
        Assert.Single(github.Requests);
    }

    [Theory]
    [InlineData(403)]
    [InlineData(429)]
    public async Task A_secondary_limit_waits_for_its_retry_after(int status)
    {
        await using var github = await FakeGitHub.Start();
        github.Fail("POST", "/repos/acme/api/actions/runs/7/rerun-failed-jobs", status,
            "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
            new Dictionary<string, string> { ["retry-after"] = "42", ["x-ratelimit-remaining"] = "4000" });
        using var host = GitHubClientHost.Build(github);

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => host.Client().RerunFailedJobs(Repository, 7, CancellationToken.None));

        Assert.True(error.IsRateLimited);
        Assert.Equal(TimeSpan.FromSeconds(42), error.RetryAfter);
        Assert.Empty(github.Reruns);
    }

    [Fact]
    public async Task A_secondary_limit_without_a_time_waits_a_minute()
    {
        await using var github = await FakeGitHub.Start();
        github.Fail("GET", "/repos/acme/api/branches", 403, "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.");
        using var host = GitHubClientHost.Build(github);

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => host.Client().ListBranches(Repository, CancellationToken.None));

        Assert.True(error.IsRateLimited);
        Assert.Equal(TimeSpan.FromMinutes(1), error.RetryAfter);
    }

    [Fact]
    public async Task A_limit_on_an_endpoint_Octokit_does_not_wrap_reads_the_same()
    {
        await using var github = await FakeGitHub.Start();
        github.AddHook(FakeHook.Repository("acme/api", 7));
        github.Fail("GET", "/repos/acme/api/hooks/7/deliveries", 429, "You have exceeded a secondary rate limit.",
            new Dictionary<string, string> { ["Retry-After"] = "15" });
        using var host = GitHubClientHost.Build(github);

        var error = await Assert.ThrowsAsync<GitHubApiException>(async () =>
            await host.Client().ListHookDeliveries(new GitHubHook.OfRepository("acme/api", 7), CancellationToken.None).ToListAsync());

        Assert.True(error.IsRateLimited);
        Assert.Equal(TimeSpan.FromSeconds(15), error.RetryAfter);
        Assert.Single(github.Requests);
    }

    [Fact]
    public async Task A_forbidden_call_that_is_no_rate_limit_is_not_transient()
    {
        await using var github = await FakeGitHub.Start();
        github.Fail("POST", "/repos/acme/api/actions/runs/7/rerun-failed-jobs", 403, "Must have admin rights to Repository.",
            new Dictionary<string, string> { ["x-ratelimit-remaining"] = "4999" });
        using var host = GitHubClientHost.Build(github);

        var error = await Assert.ThrowsAsync<GitHubApiException>(() => host.Client().RerunFailedJobs(Repository, 7, CancellationToken.None));

        Assert.False(error.IsRateLimited);
        Assert.False(error.IsTransient);
        Assert.Null(error.RetryAfter);
    }
}
