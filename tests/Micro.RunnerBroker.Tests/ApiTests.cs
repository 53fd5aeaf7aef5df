using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Micro.Contracts.GitHub;

namespace Micro.RunnerBroker.Tests;

public sealed class ApiTests
{
    [Theory]
    [InlineData("GET", "/api/runners/jobs?limit=0", null, "limit")]
    [InlineData("GET", "/api/runners/jobs?limit=ten", null, "limit")]
    [InlineData("GET", "/api/runners/jobs?repository=no-slash", null, "repository")]
    [InlineData("GET", "/api/runners/jobs?state=sleeping", null, "state")]
    [InlineData("GET", "/api/runners/jobs/abc", null, "jobId")]
    [InlineData("PUT", "/api/runners/repositories/octo/repo", "{}", "user")]
    [InlineData("PUT", "/api/runners/repositories/octo/repo", "{\"user\": \"has space\"}", "user")]
    [InlineData("PUT", "/api/runners/repositories/octo/repo", "{\"user\": 7}", "user")]
    [InlineData("PUT", "/api/runners/repositories/octo/repo", "{\"user\": \"root\"}", "user")]
    [InlineData("POST", "/repositories/slurm", "{\"repositories\": [\"octo/a\"]}", "username")]
    [InlineData("PUT", "/api/runners/repositories/octo/repo", "{\"user\": ", "body")]
    [InlineData("PUT", "/api/runners/repositories/octo/repo", "[]", "body")]
    [InlineData("PUT", "/api/runners/repositories/-octo/repo", "{\"user\": \"bob\"}", "repository")]
    [InlineData("GET", "/repositories/has%20space", null, "username")]
    [InlineData("POST", "/repositories/bob", "{}", "repositories")]
    [InlineData("POST", "/repositories/bob", "{\"repositories\": [\"octo/a\", \"nope\"]}", "repositories")]
    [InlineData("POST", "/repositories/bob", "{\"repositories\": \"octo/a\"}", "repositories")]
    [InlineData("POST", "/repositories/bob", "not json", "body")]
    [InlineData("GET", "/gha/installations", null, "url")]
    [InlineData("GET", "/gha/installations?url=https://github.com/octo", null, "url")]
    public async Task Bad_input_is_a_400_problem_naming_the_field(string method, string path, string? body, string field)
    {
        await using var service = await RunnerBrokerHost.Start();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");

        using var response = await service.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"the problem names {field}: {problem}");
    }

    [Fact]
    public async Task The_mapping_is_seeded_from_configuration_changed_through_the_api_and_the_original_paths_and_decides_jobs()
    {
        await using var service = await RunnerBrokerHost.Start();
        var api = service.Client;

        Assert.Equal([JobEvents.DefaultRepository], await api.GetFromJsonAsync<List<string>>("/repositories/alice"));
        using (var created = await api.PutAsJsonAsync("/api/runners/repositories/octo-org/octo-repo", new { user = "bob" }))
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using (var replaced = await api.PostAsJsonAsync("/repositories/alice", new { repositories = new[] { "octo-org/octo-repo", "octo-org/tools" } }))
            Assert.Equal(["octo-org/octo-repo", "octo-org/tools"], await replaced.Content.ReadFromJsonAsync<List<string>>());

        var all = await api.GetFromJsonAsync<JsonElement>("/api/runners/repositories");
        Assert.Equal(["octo-org/octo-repo:alice", "octo-org/tools:alice"],
            all.GetProperty("repositories").EnumerateArray().Select(m => $"{m.Text("repository")}:{m.Text("user")}").ToList());
        Assert.Empty((await api.GetFromJsonAsync<List<string>>("/repositories/bob"))!);

        using (var deleted = await api.DeleteAsync("/api/runners/repositories/octo-org/tools"))
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using (var missing = await api.DeleteAsync("/api/runners/repositories/octo-org/tools"))
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        // The configured repository was replaced away from alice: its jobs are unmapped now.
        await service.Publish(new JobEvents().Event(61, WorkflowJobAction.Queued));
        await service.JobIn(61, "unmapped");
    }

    [Fact]
    public async Task Jobs_are_listed_by_repository_and_state()
    {
        await using var service = await RunnerBrokerHost.Start();
        await service.Publish(new JobEvents().Event(71, WorkflowJobAction.Queued), new JobEvents("octo-org/other").Event(72, WorkflowJobAction.Queued),
            new JobEvents().Event(73, WorkflowJobAction.Queued, ["gpu"]));
        await service.JobIn(71, "no-launcher");
        await service.JobIn(72, "unmapped");
        await service.JobIn(73, "ignored");

        var byState = await service.Client.GetFromJsonAsync<JsonElement>("/api/runners/jobs?state=ignored");
        var byRepository = await service.Client.GetFromJsonAsync<JsonElement>("/api/runners/jobs?repository=codertocat/hello-world&limit=1");

        Assert.Equal([73], byState.GetProperty("jobs").EnumerateArray().Select(job => job.GetProperty("jobId").GetInt64()));
        Assert.Single(byRepository.GetProperty("jobs").EnumerateArray());
        using var unknown = await service.Client.GetAsync("/api/runners/jobs/999");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Installations_are_read_to_the_last_page()
    {
        var pem = TestKeys.RsaPem();
        await using var service = await RunnerBrokerHost.Start(new Dictionary<string, string?>
        {
            ["GitHub:Token"] = null,
            ["GitHub:AppId"] = "1234",
            ["GitHub:AppPrivateKey"] = pem,
        }, time: new SettableTime(DateTimeOffset.UtcNow)); // GitHub checks the App's JWT against its own clock
        using var key = RSA.Create();
        key.ImportFromPem(pem);
        service.GitHub.UseApp(appId: 1234, key, installationId: JobEvents.InstallationId);
        service.GitHub.SetInstallationRepositories(1, [.. Enumerable.Range(1, 150).Select(i => $"octo-org/repo-{i}")]);

        var first = await service.Client.GetAsync("/gha/installations?url=https://github.com/octo-org/repo-150");
        Assert.True(first.IsSuccessStatusCode, await first.Content.ReadAsStringAsync());
        Assert.True(await first.Content.ReadFromJsonAsync<bool>());
        Assert.True(await service.Client.GetFromJsonAsync<bool>("/gha/installations?url=https://github.com/Octo-Org/Repo-7.git"));
        Assert.False(await service.Client.GetFromJsonAsync<bool>("/gha/installations?url=https://github.com/octo-org/repo-151"));
        Assert.Contains(service.GitHub.Requests, request => request.Path == "/installation/repositories" && request.Query.Contains("page=2"));
    }
}

static class TestKeys
{
    public static string RsaPem()
    {
        using var rsa = RSA.Create(2048);
        return rsa.ExportRSAPrivateKeyPem();
    }
}
