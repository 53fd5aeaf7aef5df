using System.Security.Cryptography;
using Micro.Testing;
using Micro.Testing.Fakes;

namespace Micro.GitHub.Tests;

/// <summary>
/// GitHub Enterprise Server answers its REST API under <c>https://HOST/api/v3</c>, and that is what <c>GitHub:ApiUrl</c> is set to:
/// every call, every next page and every App request stays under that root, never under a second <c>/api/v3</c> of Octokit's.
/// </summary>
public sealed class EnterpriseServerTests
{
    static readonly GitHubTarget Repository = new("acme/api");

    [Theory]
    [InlineData("/api/v3")]
    [InlineData("/api/v3/")]
    public async Task The_API_root_is_taken_as_configured_with_or_without_its_trailing_slash(string root)
    {
        // The fake answers 404 outside /api/v3, as an Enterprise Server's REST API does not live there.
        await using var github = await FakeGitHub.Start("/api/v3");
        github.SetWorkflowRun("acme/api", 9, "completed", "failure");
        using var host = GitHubClientHost.Build(github, apiUrl: new Uri(github.ApiUrl, root).ToString());

        var run = await host.Client().GetWorkflowRun(Repository, 9, CancellationToken.None);
        await host.Client().RerunFailedJobs(Repository, 9, CancellationToken.None);

        Assert.Equal(("completed", "failure"), (run.Status, run.Conclusion));
        Assert.Single(github.Reruns);
    }

    [Fact]
    public async Task Listings_follow_their_next_pages_under_the_Enterprise_root()
    {
        await using var github = await FakeGitHub.Start("/api/v3");
        var names = Enumerable.Range(0, 250).Select(i => $"feature/{i}").ToArray();
        github.SetBranches("acme/api", names);
        github.SetWorkflowRun("acme/api", 7, "completed", "failure");
        github.SetJobs("acme/api", 7, 1, [.. Enumerable.Range(1, 130).Select(id => new FakeWorkflowJob(id, $"shard {id}", "success"))]);
        var hook = FakeHook.Organization("acme", 3);
        foreach (var i in Enumerable.Range(0, 150))
            github.AddHookDelivery(hook, $"guid-{i}", "push", "{}", statusCode: 200, deliveredAt: DateTimeOffset.UtcNow.AddMinutes(-i));
        using var host = GitHubClientHost.Build(github);

        var branches = await host.Client().ListBranches(Repository, CancellationToken.None);
        var jobs = await host.Client().ListRunAttemptJobs(Repository, 7, 1, CancellationToken.None);
        var deliveries = await host.Client().ListHookDeliveries(new GitHubHook.OfOrganization("acme", 3), CancellationToken.None).ToListAsync();

        Assert.Equal(names, branches);
        Assert.Equal(130, jobs.Count);
        Assert.Equal(150, deliveries.Count);
        Assert.Equal(3 + 2 + 2, github.Requests.Count);
    }

    [Fact]
    public async Task A_GitHub_App_gets_its_installation_token_under_the_Enterprise_root()
    {
        await using var github = await FakeGitHub.Start("/api/v3");
        var pem = Fixtures.Read("test-vectors", "github-app-jwt.test-key.pkcs8.pem");
        using var key = RSA.Create();
        key.ImportFromPem(pem);
        github.UseApp(appId: 1234, key, installationId: 55);
        github.SetWorkflowRun("acme/api", 3, "completed", "success");
        using var host = GitHubClientHost.Build(github, new Dictionary<string, string?> { ["GitHub:AppId"] = "1234", ["GitHub:AppPrivateKey"] = pem });

        var run = await host.Client().GetWorkflowRun(Repository, 3, CancellationToken.None);

        Assert.Equal("success", run.Conclusion);
        Assert.Equal(["/repos/acme/api/installation", "/app/installations/55/access_tokens", "/repos/acme/api/actions/runs/3"],
            github.Requests.Select(request => request.Path));
    }
}
