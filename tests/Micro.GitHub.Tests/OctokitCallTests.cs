using System.Net;
using System.Security.Cryptography;
using Micro.Testing;
using Micro.Testing.Fakes;

namespace Micro.GitHub.Tests;

/// <summary>Octokit's requests as GitHub sees them: pages, retries, App tokens, and Octokit itself for what has no method here.</summary>
public sealed class OctokitCallTests
{
    static readonly GitHubTarget Repository = new("acme/api");

    [Fact]
    public async Task Listings_ask_for_a_hundred_a_page_and_follow_the_Link_header_to_the_last()
    {
        await using var github = await FakeGitHub.Start();
        github.SetBranches("acme/api", [.. Enumerable.Range(0, 250).Select(i => $"feature/{i}")]);
        using var host = GitHubClientHost.Build(github);

        await host.Client().ListBranches(Repository, CancellationToken.None);

        var pages = github.Requests.Select(request => System.Web.HttpUtility.ParseQueryString(request.Query)).ToList();
        Assert.All(pages, page => Assert.Equal("100", page["per_page"]));
        Assert.Equal([null, "2", "3"], pages.Select(page => page["page"]));
    }

    [Fact]
    public async Task A_read_of_an_endpoint_Octokit_does_not_wrap_is_retried_after_a_server_error()
    {
        await using var github = await FakeGitHub.Start();
        var hook = FakeHook.Repository("acme/api", 7);
        foreach (var i in Enumerable.Range(0, 120))
            github.AddHookDelivery(hook, $"guid-{i}", "push", "{}", statusCode: 200, deliveredAt: DateTimeOffset.UtcNow.AddMinutes(-i));
        github.Fail("GET", "/repos/acme/api/hooks/7/deliveries", 502, "Bad Gateway");
        using var host = GitHubClientHost.Build(github);

        var deliveries = await host.Client().ListHookDeliveries(new GitHubHook.OfRepository("acme/api", 7), CancellationToken.None).ToListAsync();

        Assert.Equal(120, deliveries.Count);
        Assert.Equal(3, github.Requests.Count);
    }

    [Fact]
    public async Task A_redelivery_answered_with_a_server_error_is_not_repeated()
    {
        await using var github = await FakeGitHub.Start();
        var hook = FakeHook.Repository("acme/api", 7);
        var delivery = github.AddHookDelivery(hook, "guid-1", "push", "{}", statusCode: 0);
        github.Fail("POST", $"/repos/acme/api/hooks/7/deliveries/{delivery.Id}/attempts", 502, "Bad Gateway");
        using var host = GitHubClientHost.Build(github);

        var error = await Assert.ThrowsAsync<GitHubApiException>(() =>
            host.Client().RedeliverHookDelivery(new GitHubHook.OfRepository("acme/api", 7), delivery.Id, CancellationToken.None));

        Assert.True(error.IsTransient);
        Assert.Single(github.Requests);
        Assert.Empty(github.Redeliveries);
    }

    [Fact]
    public async Task An_App_uses_one_installation_token_for_many_concurrent_calls_of_every_kind()
    {
        await using var github = await FakeGitHub.Start();
        var pem = Fixtures.Read("test-vectors", "github-app-jwt.test-key.pkcs1.pem");
        using var key = RSA.Create();
        key.ImportFromPem(pem);
        github.UseApp(appId: 1234, key, installationId: 55);
        github.SetWorkflowRun("acme/api", 3, "completed", "failure");
        github.SetBranches("acme/api", "main");
        github.AddHook(FakeHook.Repository("acme/api", 7));
        using var host = GitHubClientHost.Build(github, new Dictionary<string, string?> { ["GitHub:AppId"] = "1234", ["GitHub:AppPrivateKey"] = pem });
        var target = new GitHubTarget("acme/api", 55);

        await Task.WhenAll(Enumerable.Range(0, 8).SelectMany(_ => new Task[]
        {
            host.Client().GetWorkflowRun(target, 3, CancellationToken.None),
            host.Client().ListBranches(target, CancellationToken.None),
            host.Client().ListHookDeliveries(new GitHubHook.OfRepository("acme/api", 7), CancellationToken.None).ToListAsync().AsTask(),
        }));

        Assert.Equal(1, github.InstallationTokensIssued);
        var calls = github.Requests.Where(request => !request.Path.StartsWith("/app/", StringComparison.Ordinal) && !request.Path.EndsWith("/installation", StringComparison.Ordinal)).ToList();
        Assert.Equal(24, calls.Count);
        Assert.Single(calls.Select(request => request.Authorization).Distinct());
        Assert.StartsWith("Bearer ghs_", calls[0].Authorization);
    }

    [Fact]
    public async Task Octokit_itself_acts_for_the_repository_and_its_errors_say_whether_to_retry()
    {
        await using var github = await FakeGitHub.Start();
        github.SetWorkflowRun("acme/api", 7, "completed", "failure", runAttempt: 3);
        using var host = GitHubClientHost.Build(github);

        var run = await host.Client().Call(Repository, octokit => octokit.Actions.Workflows.Runs.Get("acme", "api", 7), CancellationToken.None);
        var error = await Assert.ThrowsAsync<GitHubApiException>(() =>
            host.Client().Call(Repository, octokit => octokit.Actions.Workflows.Runs.Get("acme", "api", 8), CancellationToken.None));

        Assert.Equal(3, run.RunAttempt);
        Assert.Equal((HttpStatusCode.NotFound, false), (error.StatusCode, error.IsTransient));
        Assert.All(github.Requests, request => Assert.Equal($"Bearer {FakeGitHub.Token}", request.Authorization));
    }

    [Fact]
    public async Task A_next_page_on_another_host_is_not_asked_for_with_the_token()
    {
        await using var github = await FakeGitHub.Start();
        github.SetBranches("acme/api", [.. Enumerable.Range(0, 150).Select(i => $"feature/{i}")]);
        var hook = FakeHook.Repository("acme/api", 7);
        foreach (var i in Enumerable.Range(0, 150))
            github.AddHookDelivery(hook, $"guid-{i}", "push", "{}", statusCode: 200);
        // Micro knows the API as localhost; the fake's Link headers name 127.0.0.1, another host as far as the token is concerned.
        using var host = GitHubClientHost.Build(github, apiUrl: $"http://localhost:{github.ApiUrl.Port}/");

        await Assert.ThrowsAsync<InvalidOperationException>(() => host.Client().ListBranches(Repository, CancellationToken.None));
        await Assert.ThrowsAsync<GitHubApiException>(async () =>
            await host.Client().ListHookDeliveries(new GitHubHook.OfRepository("acme/api", 7), CancellationToken.None).ToListAsync());

        Assert.Equal(2, github.Requests.Count);
    }

    [Fact]
    public async Task A_call_cancelled_by_its_caller_sends_nothing()
    {
        await using var github = await FakeGitHub.Start();
        using var host = GitHubClientHost.Build(github);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Client().ListBranches(Repository, cancelled.Token));

        Assert.Empty(github.Requests);
    }
}
