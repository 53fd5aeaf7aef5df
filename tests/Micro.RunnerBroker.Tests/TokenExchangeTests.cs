using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Micro.Contracts.GitHub;
using Micro.RunnerBroker.Tokens;
using Micro.Testing;

namespace Micro.RunnerBroker.Tests;

public sealed class TokenExchangeTests
{
    static readonly JobEvents Events = new();

    /// <summary>Queues the jobs and answers the launcher token each one's runner was launched with.</summary>
    static async Task<Dictionary<long, string>> Launched(RunnerBrokerHost service, RecordingLauncher launcher, params long[] jobs)
    {
        await service.Publish([.. jobs.Select(job => Events.Event(job, WorkflowJobAction.Queued))]);
        foreach (var job in jobs)
            await service.JobIn(job, "launched");
        return launcher.Launches.Where(launch => jobs.Contains(launch.JobId)).ToDictionary(launch => launch.JobId, launch => launch.LauncherToken);
    }

    [Fact]
    public async Task A_launcher_token_is_traded_once_for_a_registration_token_and_refused_with_the_right_status_otherwise()
    {
        var launcher = new RecordingLauncher();
        await using var service = await RunnerBrokerHost.Start(launcher: launcher);
        var tokens = await Launched(service, launcher, 11, 12, 13, 14);
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var now = service.Time.GetUtcNow().ToUnixTimeSeconds();
        var forged = LauncherTokens.Sign(new LauncherTokenClaims(Guid.NewGuid(), 11, 1, JobEvents.DefaultRepository, ["self-hosted"], now, now + 3600), otherKey);

        await service.Publish(Events.Event(13, WorkflowJobAction.Completed, conclusion: "cancelled"), Events.Event(14, WorkflowJobAction.InProgress));
        await service.JobIn(13, "finished");
        await service.JobIn(14, "started");

        var raw = await service.Exchange(tokens[11]);
        var answer = await raw.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        var issued = Assert.Single(service.GitHub.RunnerCredentials);
        Assert.Equal((JobEvents.DefaultRepository, issued.Value), (issued.Repository, answer.GetProperty("token").GetString()));
        Assert.True(answer.GetProperty("expires_at").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(50));

        (string Case, string? Authorization, HttpStatusCode Status)[] table =
        [
            ("bearer", $"Bearer {tokens[12]}", HttpStatusCode.OK),
            ("reused", tokens[11], HttpStatusCode.Gone),
            ("missing", null, HttpStatusCode.Unauthorized),
            ("empty bearer", "Bearer ", HttpStatusCode.Unauthorized),
            ("malformed", "not-a-token", HttpStatusCode.Unauthorized),
            ("malformed parts", "a.b.c", HttpStatusCode.Unauthorized),
            ("tampered", tokens[12][..^4] + "AAAA", HttpStatusCode.Unauthorized),
            ("wrong key", forged, HttpStatusCode.Unauthorized),
            ("cancelled job", tokens[13], HttpStatusCode.Gone),
            ("started job", tokens[14], HttpStatusCode.Gone),
        ];
        foreach (var (name, authorization, status) in table)
        {
            using var response = await service.Exchange(authorization);
            Assert.True(status == response.StatusCode, $"{name}: expected {(int)status}, got {(int)response.StatusCode}");
            if (status != HttpStatusCode.OK)
                Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        // One registration token per repository while it is fresh: the second runner got the cached one.
        Assert.Single(service.GitHub.RunnerCredentials);
        await service.JobIn(11, "launched", job => job.Has("tokenExchangedAt"));
    }

    [Fact]
    public async Task An_expired_launcher_token_is_gone()
    {
        var launcher = new RecordingLauncher();
        await using var service = await RunnerBrokerHost.Start(new Dictionary<string, string?> { ["RunnerBroker:LauncherTokenLifetime"] = "01:00:00" }, launcher);
        var tokens = await Launched(service, launcher, 21);

        service.Time.Advance(TimeSpan.FromMinutes(61));

        using var response = await service.Exchange(tokens[21]);
        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Contains("expired", await response.Content.ReadAsStringAsync());
        Assert.Empty(service.GitHub.RunnerCredentials);
    }

    [Fact]
    public async Task In_jit_mode_the_runner_gets_a_just_in_time_configuration_with_the_jobs_labels()
    {
        var launcher = new RecordingLauncher();
        await using var service = await RunnerBrokerHost.Start(new Dictionary<string, string?>
        {
            ["RunnerBroker:RunnerMode"] = "jit",
            ["RunnerBroker:RunnerGroupId"] = "3",
        }, launcher);
        var tokens = await Launched(service, launcher, 31);

        using var response = await service.Exchange($"Bearer {tokens[31]}");
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var issued = Assert.Single(service.GitHub.RunnerCredentials);
        Assert.Equal(issued.Value, answer.GetProperty("encoded_jit_config").GetString());
        Assert.StartsWith("micro-31-1-", issued.RunnerName);
        Assert.Equal(JobEvents.SelfHosted, issued.Labels);
        var request = service.GitHub.Requests.Last(r => r.Path.EndsWith("/generate-jitconfig", StringComparison.Ordinal));
        Assert.Equal(3, JsonDocument.Parse(request.Body).RootElement.GetProperty("runner_group_id").GetInt32());
    }

    [Fact]
    public async Task A_GitHub_failure_is_a_502_and_leaves_the_token_usable()
    {
        var launcher = new RecordingLauncher();
        await using var service = await RunnerBrokerHost.Start(launcher: launcher);
        var tokens = await Launched(service, launcher, 41);
        service.GitHub.Fail("POST", "/repos/Codertocat/Hello-World/actions/runners/registration-token", 500, "Server Error", times: 1);

        using var failed = await service.Exchange(tokens[41]);
        using var again = await service.Exchange(tokens[41]);

        Assert.Equal((HttpStatusCode.BadGateway, HttpStatusCode.OK), (failed.StatusCode, again.StatusCode));
    }

    [Fact]
    public async Task In_jit_mode_an_answer_lost_on_the_way_back_from_GitHub_is_a_502_and_the_retry_gets_a_runner()
    {
        var launcher = new RecordingLauncher();
        await using var service = await RunnerBrokerHost.Start(new Dictionary<string, string?> { ["RunnerBroker:RunnerMode"] = "jit" }, launcher);
        var tokens = await Launched(service, launcher, 32);
        service.GitHub.LoseAnswer("POST", "/repos/Codertocat/Hello-World/actions/runners/generate-jitconfig");

        using var lost = await service.Exchange(tokens[32]);
        using var again = await service.Exchange(tokens[32]);

        Assert.Equal(HttpStatusCode.BadGateway, lost.StatusCode);
        Assert.True(again.StatusCode == HttpStatusCode.OK, await again.Content.ReadAsStringAsync());
        Assert.Equal(2, service.GitHub.RegisteredRunners.Count);
    }

    [Fact]
    public async Task In_jit_mode_one_launcher_token_presented_twice_at_once_gets_one_runner_and_leaves_no_other_registered()
    {
        var launcher = new RecordingLauncher();
        await using var service = await RunnerBrokerHost.Start(new Dictionary<string, string?> { ["RunnerBroker:RunnerMode"] = "jit" }, launcher);
        var tokens = await Launched(service, launcher, 33);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            using var response = await service.Exchange(tokens[33]);
            return response.StatusCode;
        }));

        Assert.Equal(1, answers.Count(status => status == HttpStatusCode.OK));
        Assert.All(answers.Where(status => status != HttpStatusCode.OK), status => Assert.Equal(HttpStatusCode.Gone, status));
        Assert.Single(service.GitHub.RegisteredRunners);
    }
}
