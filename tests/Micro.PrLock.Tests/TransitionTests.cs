using System.Net;
using System.Text;

namespace Micro.PrLock.Tests;

/// <summary>What the holder reports after acquiring, what is refused, the operators' reset, and bad input.</summary>
public sealed class TransitionTests : IAsyncLifetime
{
    PrLockService service = null!;

    public async Task InitializeAsync() => service = await PrLockService.Start();

    public async Task DisposeAsync() => await service.DisposeAsync();

    [Fact]
    public async Task The_holder_walks_the_old_pipeline_and_each_step_refreshes_the_expire_date()
    {
        await service.Acquire("walk", 7);
        foreach (var (action, status) in new[] { ("master-applied", "MasterApplied"), ("complete", "Completed") })
        {
            service.Time.Advance(TimeSpan.FromHours(2));
            var response = await service.Post("walk", action, 7);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var answer = await response.Json();
            Assert.Equal("updated", answer.Text("result"));
            Assert.Equal(status, answer.Text("status"));
            Assert.Equal(service.Time.GetUtcNow() + TimeSpan.FromDays(6), answer.Time("expireDate"));
        }

        var history = (await service.State("walk")).GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(["complete", "master-applied", "acquire"], history.Select(entry => entry.Text("reason")));
        Assert.All(history, entry => Assert.Equal(7, entry.Number("requestedBy")));
    }

    [Fact]
    public async Task Abort_releases_the_lock()
    {
        await service.Acquire("aborting", 7);

        var response = await service.Post("aborting", "abort", 7);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Aborted", (await service.State("aborting")).Text("status"));
        Assert.Equal(HttpStatusCode.OK, (await service.Acquire("aborting", 8)).StatusCode);
    }

    [Theory]
    [InlineData("master-applied")]
    [InlineData("complete")]
    [InlineData("abort")]
    public async Task A_pull_request_that_is_not_the_holder_is_refused_with_the_current_state(string action)
    {
        await service.Acquire(action, 7);

        var response = await service.Post(action, action, 8);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var answer = await response.Json();
        Assert.Equal("refused", answer.Text("result"));
        Assert.Equal($"Cannot {action} {action}: Locked by PullRequest: 7, Current Status: Started", answer.Text("message"));
        Assert.Equal(7, (await service.State(action)).Number("holder"));
    }

    [Theory]
    [InlineData("complete", "master-applied")]
    [InlineData("abort", "master-applied")]
    [InlineData("complete", "complete")]
    [InlineData("abort", "abort")]
    public async Task A_transition_from_a_released_lock_is_refused(string release, string action)
    {
        var environment = $"{release}-{action}";
        await service.Acquire(environment, 7);
        await service.Post(environment, release, 7);
        var released = (await service.State(environment)).Text("status");

        var response = await service.Post(environment, action, 7);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains($"is not locked, Current Status: {released}", (await response.Json()).Text("message"));
    }

    [Fact]
    public async Task Reset_sets_Aborted_with_holder_0_and_lets_anyone_in()
    {
        await service.Acquire("stuck", 7);
        await service.Post("stuck", "master-applied", 7);

        var response = await service.Client.PostAsync("/api/locks/stuck/reset", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var state = await service.State("stuck");
        Assert.Equal("Aborted", state.Text("status"));
        Assert.Equal(0, state.Number("holder"));
        Assert.Equal("reset", state.GetProperty("history")[0].Text("reason"));
        Assert.Equal(HttpStatusCode.OK, (await service.Acquire("stuck", 9)).StatusCode);
    }

    [Theory]
    [InlineData("{}", "pullRequest")]
    [InlineData("{\"pullRequest\": 0}", "pullRequest")]
    [InlineData("{\"pullRequest\": -3}", "pullRequest")]
    [InlineData("{\"pullRequest\": \"seventeen\"}", "pullRequest")]
    [InlineData("{\"pullRequest\": 17, \"repository\": \"not a repository\"}", "repository")]
    [InlineData("{\"pullRequest\": 17", "body")]
    [InlineData("not json", "body")]
    [InlineData("", "body")]
    public async Task Bad_input_is_a_400_problem_naming_the_field(string body, string field)
    {
        foreach (var action in new[] { "acquire", "complete" })
        {
            var response = await service.Client.PostAsync($"/api/locks/pr/{action}", new StringContent(body, Encoding.UTF8, "application/json"));

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True((await response.Json()).GetProperty("errors").TryGetProperty(field, out _), $"{action} names {field}");
        }
    }

    [Fact]
    public async Task An_unknown_transition_or_environment_name_is_a_400_problem()
    {
        var transition = await service.Post("pr", "merge", 17);
        var name = await service.Acquire("-bad", 17);
        var longName = await service.Acquire(new string('a', 65), 17);

        Assert.Equal(HttpStatusCode.BadRequest, transition.StatusCode);
        Assert.True((await transition.Json()).GetProperty("errors").TryGetProperty("transition", out _));
        Assert.Equal(HttpStatusCode.BadRequest, name.StatusCode);
        Assert.Equal("environment", (await name.Json()).Text("field"));
        Assert.Equal(HttpStatusCode.BadRequest, longName.StatusCode);
    }

    [Fact]
    public async Task Environments_are_listed_and_an_unknown_one_is_404()
    {
        await service.Acquire("listed-a", 1);
        await service.Acquire("listed-b", 2);

        var list = await service.Client.GetAsync("/api/locks");
        var unknown = await service.Client.GetAsync("/api/locks/never-used");

        var names = (await list.Json()).GetProperty("items").EnumerateArray().Select(item => item.Text("environment")).ToList();
        Assert.Contains("listed-a", names);
        Assert.Contains("listed-b", names);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
