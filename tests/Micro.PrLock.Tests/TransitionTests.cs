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

    [Theory]
    [InlineData("master-applied")]
    [InlineData("complete")]
    [InlineData("abort")]
    public async Task A_transition_on_an_expired_lock_in_flight_is_refused_as_expired_and_writes_Aborted(string action)
    {
        var environment = $"late-{action}";
        await service.Acquire(environment, 7);
        service.Time.Advance(TimeSpan.FromDays(6) + TimeSpan.FromSeconds(1));

        var response = await service.Post(environment, action, 7);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var answer = await response.Json();
        Assert.Equal("expired", answer.Text("result"));
        Assert.StartsWith($"Lock of {environment} expired on ", answer.Text("message"));
        var state = await service.State(environment);
        Assert.Equal(("Aborted", 7, false), (state.Text("status"), state.Number("holder"), state.GetProperty("expired").GetBoolean()));
        Assert.Equal(service.Time.GetUtcNow() + TimeSpan.FromDays(6), state.Time("expireDate"));
        Assert.Equal(("expired", "Started"), (state.GetProperty("history")[0].Text("reason"), state.GetProperty("history")[0].Text("from")));
    }

    [Fact]
    public async Task Environment_names_ignore_case_and_are_kept_in_lower_case()
    {
        await service.Acquire("Shared-QA", 7);

        var other = await service.Acquire("SHARED-qa", 8);
        var holder = await service.Post("shared-QA", "master-applied", 7);

        var refused = await other.Json();
        Assert.Equal(("locked", 7), (refused.Text("result"), refused.Number("holder")));
        Assert.Equal(HttpStatusCode.OK, holder.StatusCode);
        Assert.Equal("shared-qa", (await holder.Json()).Text("environment"));
        var state = await service.State("sHaReD-Qa");
        Assert.Equal(("shared-qa", "MasterApplied", 7), (state.Text("environment"), state.Text("status"), state.Number("holder")));
        Assert.Equal([8], state.GetProperty("queue").EnumerateArray().Select(w => w.Number("pullRequest")));
        var listed = (await (await service.Client.GetAsync("/api/locks")).Json()).GetProperty("items").EnumerateArray().Select(item => item.Text("environment"));
        Assert.Equal(["shared-qa"], listed);
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
    [InlineData("{\"pullRequest\": 3000000000}", "pullRequest")]
    [InlineData("{\"pullRequest\": 99999999999999999999999999}", "pullRequest")]
    [InlineData("{\"pullRequest\": 1.5}", "pullRequest")]
    [InlineData("{\"pullRequest\": 17, \"repository\": 5}", "repository")]
    [InlineData("{\"pullRequest\": 17, \"repository\": [\"a/b\"]}", "repository")]
    [InlineData("{\"PULLREQUEST\": \"x\"}", "pullRequest")]
    [InlineData("[]", "body")]
    [InlineData("null", "pullRequest")]
    [InlineData("17", "body")]
    [InlineData("\"acme/web\"", "body")]
    public async Task Bad_input_is_a_400_problem_naming_the_field(string body, string field) =>
        await AssertRefused(Encoding.UTF8.GetBytes(body), field);

    [Fact]
    public async Task A_repository_longer_than_GitHub_allows_is_a_400_problem() =>
        await AssertRefused(Encoding.UTF8.GetBytes($"{{\"pullRequest\": 17, \"repository\": \"acme/{new string('r', 300)}\"}}"), "repository");

    [Fact]
    public async Task Invalid_UTF_8_inside_a_string_is_a_400_problem()
    {
        await AssertRefused([.. "{\"pullRequest\": 17, \"repository\": \"acme/"u8, 0xC3, 0x28, .. "\"}"u8], "repository");
        await AssertRefused([.. "{\"pullRequest\": \"1"u8, 0xC3, 0x28, .. "\"}"u8], "pullRequest");
        await AssertRefused([.. "{\"pullRequest\": 17, \"repo"u8, 0xC3, 0x28, .. "\": \"acme/web\"}"u8], "body");
    }

    [Fact]
    public async Task A_body_larger_than_allowed_is_refused_as_too_large()
    {
        var padding = new string(' ', 100_000);
        var response = await service.Client.PostAsync("/api/locks/pr/acquire",
            new StringContent($"{{\"pullRequest\": 17,{padding}\"repository\": \"acme/web\"}}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Json()).GetProperty("errors").TryGetProperty("body", out _));
    }

    [Fact]
    public async Task JSON_nested_deeper_than_allowed_is_a_400_problem() =>
        await AssertRefused(Encoding.UTF8.GetBytes(new string('[', 1000) + new string(']', 1000)), "body");

    async Task AssertRefused(byte[] body, string field)
    {
        foreach (var action in new[] { "acquire", "complete" })
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            var response = await service.Client.PostAsync($"/api/locks/pr/{action}", content);

            var answer = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{action}: {(int)response.StatusCode} {answer}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True((await response.Json()).GetProperty("errors").TryGetProperty(field, out _), $"{action} names {field}: {answer}");
        }
    }

    [Fact]
    public async Task An_unknown_transition_or_environment_name_is_a_400_problem()
    {
        var transition = await service.Post("pr", "merge", 17);
        var name = await service.Acquire("-bad", 17);
        var longName = await service.Acquire(new string('a', 65), 17);
        var longState = await service.Client.GetAsync($"/api/locks/{new string('a', 300)}");
        var encoded = await service.Client.GetAsync("/api/locks/a%2Fb");
        var unicode = await service.Acquire("pr\u00e9", 17);

        Assert.Equal(HttpStatusCode.BadRequest, transition.StatusCode);
        Assert.True((await transition.Json()).GetProperty("errors").TryGetProperty("transition", out _));
        Assert.Equal(HttpStatusCode.BadRequest, name.StatusCode);
        Assert.Equal("environment", (await name.Json()).Text("field"));
        Assert.Equal(HttpStatusCode.BadRequest, longName.StatusCode);
        Assert.All([longState, encoded, unicode], response => Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode));
        Assert.Equal("environment", (await longState.Json()).Text("field"));
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
