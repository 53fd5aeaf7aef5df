using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Micro.Testing;

namespace Micro.GitHub.Tests;

/// <summary>
/// Octokit's methods take no cancellation token; the caller's still ends a call under way, and <c>GitHub:Timeout</c> still bounds one,
/// against a GitHub that accepts the connection and never answers.
/// </summary>
public sealed class CancellationTests
{
    static readonly GitHubTarget Repository = new("acme/api");

    [Fact]
    public async Task The_callers_cancellation_ends_a_call_GitHub_does_not_answer()
    {
        await using var github = await SilentGitHub.Start();
        // A deadline far away: only the caller's cancellation can end the call soon, and a deadline would say it was one.
        using var host = GitHubClientHost.Build(github.ApiUrl, new Dictionary<string, string?> { ["GitHub:Token"] = "ghp_x", ["GitHub:Timeout"] = "00:05:00" });
        using var caller = new CancellationTokenSource();

        var call = host.Client().ListBranches(Repository, caller.Token);
        await Eventually.True(() => github.Received > 0, "the request reached GitHub");
        await caller.CancelAsync();

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
        Assert.IsNotType<TimeoutException>(error.InnerException);
        await Eventually.True(() => github.Abandoned == 1, "the request was abandoned, not left open");
    }

    [Fact]
    public async Task A_call_GitHub_does_not_answer_ends_at_the_configured_timeout()
    {
        await using var github = await SilentGitHub.Start();
        using var host = GitHubClientHost.Build(github.ApiUrl, new Dictionary<string, string?> { ["GitHub:Token"] = "ghp_x", ["GitHub:Timeout"] = "00:00:01" });

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => host.Client().GetWorkflowRun(Repository, 1, CancellationToken.None));

        Assert.IsType<TimeoutException>(error.InnerException);
    }

    /// <summary>Takes requests on loopback and holds them until the client gives up.</summary>
    sealed class SilentGitHub : IAsyncDisposable
    {
        readonly WebApplication app;
        int received;
        int abandoned;

        SilentGitHub(WebApplication app) => this.app = app;

        public Uri ApiUrl => new(app.Urls.First() + "/");

        public int Received => Volatile.Read(ref received);

        public int Abandoned => Volatile.Read(ref abandoned);

        public static async Task<SilentGitHub> Start()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var github = new SilentGitHub(app);
            app.Run(github.Hold);
            await app.StartAsync();
            return github;
        }

        async Task Hold(HttpContext context)
        {
            Interlocked.Increment(ref received);
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref abandoned);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
