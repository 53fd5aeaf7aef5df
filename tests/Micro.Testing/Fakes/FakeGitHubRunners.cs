using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Micro.Testing.Fakes;

/// <summary>
/// Self-hosted runners as GitHub's REST API serves them (<c>actions/create-registration-token-for-repo</c>,
/// <c>actions/generate-runner-jitconfig-for-repo</c>, <c>apps/list-installations</c>, <c>apps/list-repos-accessible-to-installation</c>,
/// <c>repos/get</c>), shapes from GitHub's OpenAPI description: registration tokens are issued for any repository and recorded.
/// </summary>
public sealed partial class FakeGitHub
{
    readonly ConcurrentQueue<RecordedRunnerCredential> runnerCredentials = new();
    readonly ConcurrentDictionary<(string Repository, string Name), long> registeredRunners = new();
    string[] installationRepositories = [];
    int installationCount = 1;
    long lastRunnerId = 40;

    /// <summary>The just-in-time runners registered and not deleted: repository and name.</summary>
    public IReadOnlyCollection<(string Repository, string Name)> RegisteredRunners => [.. registeredRunners.Keys];

    /// <summary>Registration tokens and JIT configurations handed out, oldest first.</summary>
    public IReadOnlyList<RecordedRunnerCredential> RunnerCredentials => [.. runnerCredentials];

    /// <summary>
    /// The repositories the App's installation reaches (<c>owner/name</c>), and how many installations the App lists (the others reach
    /// none); <c>GET /repos/{owner}/{repo}</c> also answers for exactly these.
    /// </summary>
    public void SetInstallationRepositories(int installations, params string[] repositories) =>
        (installationCount, installationRepositories) = (installations, repositories);

    (int Status, JsonNode? Answer)? RouteRunners(string method, string path, HttpRequest request, string body)
    {
        if (method == "GET" && path == "/app/installations")
            return AsApp(request, () => ListInstallations(request));
        if (method == "GET" && path == "/installation/repositories")
            return Authorized(request) ? ListInstallationRepositories(request) : (401, Message("Bad credentials"));

        var route = RunnersRoute().Match(path);
        if (!route.Success)
            return null;
        if (!Authorized(request))
            return (401, Message("Bad credentials"));

        var repository = $"{route.Groups["owner"].Value}/{route.Groups["repo"].Value}";
        return (method, route.Groups["operation"].Value) switch
        {
            ("GET", "") => installationRepositories.Contains(repository, StringComparer.OrdinalIgnoreCase)
                ? (200, RepositoryJson(repository))
                : (404, Message("Not Found")),
            ("POST", "/actions/runners/registration-token") => RegistrationToken(repository),
            ("POST", "/actions/runners/generate-jitconfig") => JitConfig(repository, body),
            ("DELETE", var runner) when runner.StartsWith("/actions/runners/", StringComparison.Ordinal) => DeleteRunner(repository, runner),
            _ => (404, Message("Not Found")),
        };
    }

    (int, JsonNode?) RegistrationToken(string repository)
    {
        var token = Convert.ToHexString(Guid.NewGuid().ToByteArray())[..29];
        runnerCredentials.Enqueue(new RecordedRunnerCredential(repository, token, null, []));
        return (201, new JsonObject
        {
            ["token"] = token,
            ["expires_at"] = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ss.fffzzz"),
        });
    }

    (int, JsonNode?) JitConfig(string repository, string body)
    {
        JsonNode? request;
        try
        {
            request = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return (400, Message("Problems parsing JSON"));
        }

        if (request?["name"]?.GetValueKind() != JsonValueKind.String || request["runner_group_id"]?.GetValueKind() != JsonValueKind.Number
            || request["labels"] is not JsonArray { Count: > 0 and <= 100 } labels)
            return (422, Message("Invalid request.\n\n\"name\", \"runner_group_id\" and \"labels\" are required."));

        var name = request["name"]!.GetValue<string>();
        var names = labels.Select(label => label!.GetValue<string>()).ToList();
        var id = Interlocked.Increment(ref lastRunnerId);
        if (!registeredRunners.TryAdd((repository, name), id))
            return (409, Message($"Already exists - A runner with the name {name} already exists."));
        var config = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{{\"runner\":{id},\"repository\":\"{repository}\"}}"));
        runnerCredentials.Enqueue(new RecordedRunnerCredential(repository, config, name, names));
        return (201, new JsonObject
        {
            ["runner"] = new JsonObject
            {
                ["id"] = id,
                ["name"] = name,
                ["os"] = "unknown",
                ["status"] = "offline",
                ["busy"] = false,
                ["labels"] = new JsonArray([.. names.Select((label, index) => (JsonNode)new JsonObject
                {
                    ["id"] = index + 1, ["name"] = label, ["type"] = label == "self-hosted" ? "read-only" : "custom",
                })]),
            },
            ["encoded_jit_config"] = config,
        });
    }

    (int, JsonNode?) DeleteRunner(string repository, string path)
    {
        var id = long.TryParse(path["/actions/runners/".Length..], out var parsed) ? parsed : -1;
        var runner = registeredRunners.FirstOrDefault(entry => entry.Key.Repository == repository && entry.Value == id);
        return runner.Key.Name is not null && registeredRunners.TryRemove(runner.Key, out _) ? (204, null) : (404, Message("Not Found"));
    }

    (int, JsonNode?) ListInstallations(HttpRequest request)
    {
        var (perPage, page) = Paging(request);
        var ids = Enumerable.Range(0, installationCount).Select(index => index == 0 ? gitHubApp!.InstallationId : 9_000_000L + index).ToList();
        PageLinks(request, "app/installations", ids.Count, perPage, page);
        return (200, new JsonArray([.. ids.Skip((page - 1) * perPage).Take(perPage).Select(id => (JsonNode)new JsonObject
        {
            ["id"] = id,
            ["account"] = new JsonObject { ["login"] = $"owner-{id}", ["type"] = "Organization" },
            ["app_id"] = gitHubApp!.AppId,
            ["target_type"] = "Organization",
            ["repository_selection"] = "selected",
            ["permissions"] = new JsonObject { ["administration"] = "write" },
        })]));
    }

    (int, JsonNode?) ListInstallationRepositories(HttpRequest request)
    {
        var (perPage, page) = Paging(request);
        PageLinks(request, "installation/repositories", installationRepositories.Length, perPage, page);
        return (200, new JsonObject
        {
            ["total_count"] = installationRepositories.Length,
            ["repositories"] = new JsonArray([.. installationRepositories.Skip((page - 1) * perPage).Take(perPage).Select(RepositoryJson)]),
        });
    }

    void PageLinks(HttpRequest request, string path, int total, int perPage, int page)
    {
        var pages = Math.Max(1, (total + perPage - 1) / perPage);
        if (page < pages)
            request.HttpContext.Response.Headers.Link = $"<{ApiUrl}{path}?per_page={perPage}&page={page + 1}>; rel=\"next\", <{ApiUrl}{path}?per_page={perPage}&page={pages}>; rel=\"last\"";
    }

    static JsonNode RepositoryJson(string repository) => new JsonObject
    {
        ["id"] = Math.Abs(repository.GetHashCode(StringComparison.OrdinalIgnoreCase)),
        ["name"] = repository.Split('/')[1],
        ["full_name"] = repository,
        ["private"] = false,
        ["html_url"] = $"https://github.com/{repository}",
        ["owner"] = new JsonObject { ["login"] = repository.Split('/')[0] },
    };

    [GeneratedRegex(@"^/repos/(?<owner>[^/]+)/(?<repo>[^/]+)(?<operation>|/actions/runners/(registration-token|generate-jitconfig|[0-9]+))$")]
    private static partial Regex RunnersRoute();
}

/// <summary>A registration token (<see cref="RunnerName"/> null) or a JIT configuration handed out for a repository.</summary>
public sealed record RecordedRunnerCredential(string Repository, string Value, string? RunnerName, IReadOnlyList<string> Labels);
