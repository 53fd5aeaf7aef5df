using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Micro.Rerun.Tests;

/// <summary><c>/api/rerun/runs</c>: every attempt with its jobs, decision and reason; problems that name what was wrong.</summary>
public sealed class RunsApiTests
{
    [Fact]
    public async Task A_run_shows_each_attempt_with_its_jobs_and_decision_and_the_list_filters_by_repository()
    {
        await using var micro = await StandaloneMicro.Start();
        var first = new RunWebhooks(RerunApiCalls.NewRepository("Shown"), 9001);
        var second = first with { RunAttempt = 2 };
        var other = new RunWebhooks(RerunApiCalls.NewRepository("other"), 9002);
        micro.GitHub.Finished(first);

        await micro.Client.DeliverAll(first.Jobs((1, "failure"), (2, "success")));
        await micro.Client.Decided(first.Repository, first.RunId);
        micro.GitHub.Finished(second, "success");
        await micro.Client.DeliverAll(second.Jobs((3, "success")));
        await micro.Client.DeliverAll(other.Jobs((1, "success")));
        await micro.Client.Decided(first.Repository, first.RunId, 2);
        await micro.Client.Decided(other.Repository, other.RunId);

        var run = await micro.Client.GetFromJsonAsync<JsonElement>($"/api/rerun/runs/{first.Repository.ToUpperInvariant()}/{first.RunId}");
        Assert.Equal(first.Repository, run.GetProperty("repository").GetString());
        var attempts = run.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal([1, 2], attempts.Select(attempt => attempt.GetProperty("runAttempt").GetInt32()));
        Assert.Equal(["rerun-requested", "no-failure"], attempts.Select(attempt => attempt.Decision()));
        Assert.Equal("octocat", attempts[0].GetProperty("actor").GetString());
        Assert.Equal("main", attempts[0].GetProperty("branch").GetString());
        Assert.Equal(2, attempts[0].GetProperty("jobs").GetArrayLength());

        var listed = await micro.Client.GetFromJsonAsync<JsonElement>($"/api/rerun/runs?repository={first.Repository}&limit=1");
        var only = Assert.Single(listed.GetProperty("attempts").EnumerateArray());
        Assert.Equal(first.Repository, only.GetProperty("repository").GetString());
        var everything = await micro.Client.GetFromJsonAsync<JsonElement>("/api/rerun/runs");
        Assert.Equal(3, everything.GetProperty("attempts").GetArrayLength());
    }

    [Theory]
    [InlineData("/api/rerun/runs?limit=0", "limit")]
    [InlineData("/api/rerun/runs?limit=many", "limit")]
    [InlineData("/api/rerun/runs?repository=just-a-name", "repository")]
    [InlineData("/api/rerun/runs/acme/api/latest", "runId")]
    public async Task Bad_input_is_a_400_naming_the_field(string path, string field)
    {
        await using var micro = await StandaloneMicro.Start();

        using var response = await micro.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task An_unknown_run_is_a_404_problem()
    {
        await using var micro = await StandaloneMicro.Start();

        using var response = await micro.Client.GetAsync("/api/rerun/runs/acme/api/12345");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
