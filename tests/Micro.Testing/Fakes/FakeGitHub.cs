using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Micro.Testing.Fakes;

/// <summary>
/// GitHub's REST API as far as Micro uses it, on a real port at 127.0.0.1: answers shaped like api.github.com's
/// (<c>fixtures/github-openapi/operations-extract.json</c>), token and GitHub App authentication, every request recorded,
/// and errors injected on demand.
/// </summary>
public sealed partial class FakeGitHub : IAsyncDisposable
{
    /// <summary>The personal access token the fake accepts.</summary>
    public const string Token = "ghp_FakeTokenForMicroTests000000000000";

    readonly WebApplication app;
    readonly ConcurrentDictionary<(string Repository, long RunId), FakeWorkflowRun> runs = new();
    readonly ConcurrentDictionary<(string Repository, long RunId, int RunAttempt), FakeWorkflowJob[]> jobs = new();
    readonly ConcurrentDictionary<string, string[]> branches = new(StringComparer.OrdinalIgnoreCase);
    readonly ConcurrentQueue<RecordedRequest> requests = new();
    readonly ConcurrentQueue<RecordedRerun> reruns = new();
    readonly ConcurrentQueue<RecordedCommitStatus> statuses = new();
    readonly ConcurrentDictionary<string, byte> issuedTokens = new();
    readonly List<InjectedFailure> failures = [];
    FakeApp? gitHubApp;

    FakeGitHub(WebApplication app, Uri apiUrl)
    {
        this.app = app;
        ApiUrl = apiUrl;
    }

    public Uri ApiUrl { get; }

    public IReadOnlyList<RecordedRequest> Requests => [.. requests];

    public IReadOnlyList<RecordedRerun> Reruns => [.. reruns];

    public IReadOnlyList<RecordedCommitStatus> CommitStatuses => [.. statuses];

    public int InstallationTokensIssued => issuedTokens.Count;

    /// <summary>Starts the fake; <paramref name="pathPrefix"/> <c>/api/v3</c> makes it look like GitHub Enterprise Server.</summary>
    public static async Task<FakeGitHub> Start(string pathPrefix = "")
    {
        FakeGitHub? fake = null;
        var (app, address) = await LoopbackServer.Start(app => app.Run(context => fake!.Handle(context, pathPrefix)));
        fake = new FakeGitHub(app, new Uri(address, pathPrefix.Trim('/') + "/"));
        return fake;
    }

    public void SetWorkflowRun(string repository, long runId, string status, string? conclusion = null, int runAttempt = 1, string headBranch = "main") =>
        runs[(repository.ToLowerInvariant(), runId)] = new FakeWorkflowRun(runId, status, conclusion, runAttempt, headBranch);

    public FakeWorkflowRun? WorkflowRun(string repository, long runId) => runs.GetValueOrDefault((repository.ToLowerInvariant(), runId));

    /// <summary>The jobs GitHub lists for one attempt of a run (completed ones unless given otherwise).</summary>
    public void SetJobs(string repository, long runId, int runAttempt, params FakeWorkflowJob[] attemptJobs) =>
        jobs[(repository.ToLowerInvariant(), runId, runAttempt)] = attemptJobs;

    public void SetBranches(string repository, params string[] names) => branches[repository] = names;

    /// <summary>Acts as a GitHub App: JWTs signed by <paramref name="key"/> for <paramref name="appId"/> get installation tokens.</summary>
    public void UseApp(long appId, RSA key, long installationId) => gitHubApp = new FakeApp(appId, key, installationId);

    /// <summary>Answers the next <paramref name="times"/> requests whose path starts with <paramref name="pathPrefix"/> with an error.</summary>
    public void Fail(string method, string pathPrefix, int statusCode, string message, IReadOnlyDictionary<string, string>? headers = null, int times = 1)
    {
        lock (failures)
            failures.Add(new InjectedFailure(method, pathPrefix, statusCode, message, headers ?? new Dictionary<string, string>(), times));
    }

    /// <summary>GitHub is well again: failures injected and not yet used up are dropped.</summary>
    public void ClearFailures()
    {
        lock (failures)
            failures.Clear();
    }

    async Task Handle(HttpContext context, string pathPrefix)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        if (pathPrefix.Length > 0)
        {
            if (!path.StartsWith(pathPrefix, StringComparison.Ordinal))
            {
                await Answer(context, 404, Message("Not Found"));
                return;
            }

            path = path[pathPrefix.TrimEnd('/').Length..];
        }

        var body = await new StreamReader(request.Body).ReadToEndAsync();
        requests.Enqueue(new RecordedRequest(request.Method, path, request.QueryString.Value ?? string.Empty, request.Headers.Authorization.ToString(), body));

        // As api.github.com does: a request that does not say who sends it is refused before anything else.
        if (string.IsNullOrWhiteSpace(request.Headers.UserAgent))
        {
            await Answer(context, 403, Message("Request forbidden by administrative rules. Please make sure your request has a User-Agent header."));
            return;
        }

        if (TakeFailure(request.Method, path) is { } failure)
        {
            foreach (var (name, value) in failure.Headers)
                context.Response.Headers[name] = value;
            await Answer(context, failure.StatusCode, Message(failure.Message));
            return;
        }

        var (status, answer) = await RouteHook(request.Method, path, request) ?? RouteRunners(request.Method, path, request, body) ?? RoutePullRequests(request.Method, path, request, body) ?? Route(request.Method, path, request, body);
        if (TakeLostAnswer(request.Method, path))
        {
            context.Abort();
            return;
        }

        await Answer(context, status, answer);
    }

    (int Status, JsonNode? Answer) Route(string method, string path, HttpRequest request, string body)
    {
        if (AppRoute().Match(path) is { Success: true } appRoute && method == "POST")
            return AsApp(request, () => IssueToken(long.Parse(appRoute.Groups["installation"].Value)));
        if (InstallationRoute().Match(path) is { Success: true } && method == "GET")
            return AsApp(request, () => (200, new JsonObject { ["id"] = gitHubApp!.InstallationId, ["app_id"] = gitHubApp.AppId }));

        if (!Authorized(request))
            return (401, Message("Bad credentials"));

        var match = RepositoryRoute().Match(path);
        if (!match.Success)
            return (404, Message("Not Found"));

        var repository = $"{match.Groups["owner"].Value}/{match.Groups["repo"].Value}";
        var rest = match.Groups["rest"].Value;
        return (method, rest) switch
        {
            ("GET", var r) when RunRoute().Match(r) is { Success: true } run => GetRun(repository, long.Parse(run.Groups["id"].Value)),
            ("GET", var r) when JobsRoute().Match(r) is { Success: true } attempt =>
                ListJobs(repository, long.Parse(attempt.Groups["id"].Value), int.Parse(attempt.Groups["attempt"].Value), request),
            ("POST", var r) when RerunRoute().Match(r) is { Success: true } run => Rerun(repository, long.Parse(run.Groups["id"].Value)),
            ("GET", "/branches") => ListBranches(repository, request),
            ("POST", var r) when r.StartsWith("/statuses/", StringComparison.Ordinal) => CreateStatus(repository, Uri.UnescapeDataString(r["/statuses/".Length..]), body),
            _ => (404, Message("Not Found")),
        };
    }

    (int, JsonNode?) GetRun(string repository, long runId) =>
        WorkflowRun(repository, runId) is { } run ? (200, RunJson(repository, run)) : (404, Message("Not Found"));

    (int, JsonNode?) Rerun(string repository, long runId)
    {
        if (WorkflowRun(repository, runId) is not { } run)
            return (404, Message("Not Found"));
        if (run.Status != "completed")
            return (403, Message("This workflow is already running"));

        runs[(repository.ToLowerInvariant(), runId)] = run with { Status = "queued", Conclusion = null, RunAttempt = run.RunAttempt + 1 };
        reruns.Enqueue(new RecordedRerun(repository, runId, run.RunAttempt, DateTimeOffset.UtcNow));
        return (201, new JsonObject());
    }

    (int, JsonNode?) ListJobs(string repository, long runId, int runAttempt, HttpRequest request)
    {
        if (WorkflowRun(repository, runId) is not { } run || runAttempt > run.RunAttempt)
            return (404, Message("Not Found"));

        var listed = jobs.GetValueOrDefault((repository.ToLowerInvariant(), runId, runAttempt)) ?? [];
        var (perPage, page) = Paging(request);
        var pages = Math.Max(1, (listed.Length + perPage - 1) / perPage);
        var path = $"repos/{repository}/actions/runs/{runId}/attempts/{runAttempt}/jobs";
        if (page < pages)
            request.HttpContext.Response.Headers.Link = $"<{ApiUrl}{path}?per_page={perPage}&page={page + 1}>; rel=\"next\", <{ApiUrl}{path}?per_page={perPage}&page={pages}>; rel=\"last\"";

        var items = listed.Skip((page - 1) * perPage).Take(perPage).Select(job => (JsonNode)JobJson(repository, run, runAttempt, job));
        return (200, new JsonObject { ["total_count"] = listed.Length, ["jobs"] = new JsonArray([.. items]) });
    }

    JsonObject JobJson(string repository, FakeWorkflowRun run, int runAttempt, FakeWorkflowJob job) => new()
    {
        ["id"] = job.Id,
        ["run_id"] = run.Id,
        ["run_url"] = $"{ApiUrl}repos/{repository}/actions/runs/{run.Id}",
        ["run_attempt"] = runAttempt,
        ["node_id"] = $"CR_kwDO{job.Id:x}",
        ["head_sha"] = Sha(run.HeadBranch),
        ["head_branch"] = run.HeadBranch,
        ["workflow_name"] = "CI",
        ["url"] = $"{ApiUrl}repos/{repository}/actions/jobs/{job.Id}",
        ["html_url"] = $"https://github.com/{repository}/actions/runs/{run.Id}/job/{job.Id}",
        ["status"] = job.Status,
        ["conclusion"] = job.Status == "completed" ? job.Conclusion : null,
        ["created_at"] = "2026-11-23T05:00:00Z",
        ["started_at"] = "2026-11-23T05:00:05Z",
        ["completed_at"] = job.Status == "completed" ? "2026-11-23T05:03:00Z" : null,
        ["name"] = job.Name,
        ["steps"] = new JsonArray(),
        ["check_run_url"] = $"{ApiUrl}repos/{repository}/check-runs/{job.Id}",
        ["labels"] = new JsonArray("ubuntu-latest"),
        ["runner_id"] = 1,
        ["runner_name"] = "GitHub Actions 1",
        ["runner_group_id"] = 2,
        ["runner_group_name"] = "GitHub Actions",
    };

    static (int PerPage, int Page) Paging(HttpRequest request) => (
        int.TryParse(request.Query["per_page"], out var size) ? Math.Clamp(size, 1, 100) : 30,
        int.TryParse(request.Query["page"], out var number) ? Math.Max(number, 1) : 1);

    (int, JsonNode?) ListBranches(string repository, HttpRequest request)
    {
        if (!branches.TryGetValue(repository, out var names))
            return (404, Message("Not Found"));

        var (perPage, page) = Paging(request);
        var pages = Math.Max(1, (names.Length + perPage - 1) / perPage);
        if (page < pages)
            request.HttpContext.Response.Headers.Link = $"<{ApiUrl}repos/{repository}/branches?per_page={perPage}&page={page + 1}>; rel=\"next\", <{ApiUrl}repos/{repository}/branches?per_page={perPage}&page={pages}>; rel=\"last\"";

        var items = names.Skip((page - 1) * perPage).Take(perPage).Select(name => (JsonNode)new JsonObject
        {
            ["name"] = name,
            ["commit"] = new JsonObject { ["sha"] = Sha(name), ["url"] = $"{ApiUrl}repos/{repository}/commits/{Sha(name)}" },
            ["protected"] = false,
        });
        return (200, new JsonArray([.. items]));
    }

    (int, JsonNode?) CreateStatus(string repository, string sha, string body)
    {
        var status = JsonNode.Parse(body);
        var state = status?["state"]?.GetValue<string>();
        if (state is not ("error" or "failure" or "pending" or "success"))
            return (422, Message("Validation Failed"));

        var context = status!["context"]?.GetValue<string>() ?? "default";
        var description = status["description"]?.GetValue<string>();
        statuses.Enqueue(new RecordedCommitStatus(repository, sha, state, context, description, status["target_url"]?.GetValue<string>()));
        return (201, new JsonObject
        {
            ["id"] = statuses.Count,
            ["state"] = state,
            ["context"] = context,
            ["description"] = description,
            ["target_url"] = status["target_url"]?.GetValue<string>(),
            ["created_at"] = DateTimeOffset.UtcNow.ToString("O"),
        });
    }

    (int, JsonNode?) AsApp(HttpRequest request, Func<(int, JsonNode?)> answer)
    {
        if (gitHubApp is null)
            return (404, Message("Not Found"));
        return ValidAppJwt(request.Headers.Authorization.ToString(), gitHubApp)
            ? answer()
            : (401, Message("A JSON web token could not be decoded"));
    }

    (int, JsonNode?) IssueToken(long installation)
    {
        if (installation != gitHubApp!.InstallationId)
            return (404, Message("Not Found"));

        var token = $"ghs_{Guid.NewGuid():N}";
        issuedTokens[token] = 0;
        return (201, new JsonObject
        {
            ["token"] = token,
            ["expires_at"] = DateTimeOffset.UtcNow.AddHours(1).ToString("yyyy-MM-ddTHH:mm:ssZ"),
            ["permissions"] = new JsonObject { ["actions"] = "write", ["statuses"] = "write" },
            ["repository_selection"] = "all",
        });
    }

    bool Authorized(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        var token = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization[7..]
            : authorization.StartsWith("token ", StringComparison.Ordinal) ? authorization[6..]
            : null;
        return token == Token || (token is not null && issuedTokens.ContainsKey(token));
    }

    static bool ValidAppJwt(string authorization, FakeApp app)
    {
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal) || authorization[7..].Split('.') is not [var header, var payload, var signature])
            return false;

        var signed = app.Key.VerifyData(Encoding.ASCII.GetBytes($"{header}.{payload}"), Base64UrlDecode(signature), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var claims = JsonDocument.Parse(Base64UrlDecode(payload));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var issuedAt = claims.RootElement.GetProperty("iat").GetInt64();
        var expires = claims.RootElement.GetProperty("exp").GetInt64();
        var issuer = claims.RootElement.GetProperty("iss");
        var issuerMatches = issuer.ValueKind == JsonValueKind.Number ? issuer.GetInt64() == app.AppId : issuer.GetString() == app.AppId.ToString();
        return signed && issuerMatches && issuedAt <= now + 60 && expires > now && expires - issuedAt <= 600;
    }

    static byte[] Base64UrlDecode(string value) => System.Buffers.Text.Base64Url.DecodeFromChars(value);

    InjectedFailure? TakeFailure(string method, string path)
    {
        lock (failures)
        {
            var failure = failures.FirstOrDefault(f => f.Method == method && path.StartsWith(f.PathPrefix, StringComparison.Ordinal) && f.Remaining > 0);
            if (failure is not null)
                failure.Remaining--;
            return failure;
        }
    }

    JsonObject RunJson(string repository, FakeWorkflowRun run) => new()
    {
        ["id"] = run.Id,
        ["name"] = "CI",
        ["head_branch"] = run.HeadBranch,
        ["head_sha"] = Sha(run.HeadBranch),
        ["run_number"] = run.Id % 1000,
        ["run_attempt"] = run.RunAttempt,
        ["event"] = "push",
        ["status"] = run.Status,
        ["conclusion"] = run.Conclusion,
        ["workflow_id"] = 159038,
        ["url"] = $"{ApiUrl}repos/{repository}/actions/runs/{run.Id}",
        ["html_url"] = $"https://github.com/{repository}/actions/runs/{run.Id}",
        ["created_at"] = "2026-11-23T05:00:00Z",
        ["updated_at"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"),
    };

    static string Sha(string seed) => Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(seed)));

    static JsonObject Message(string message) => new() { ["message"] = message, ["documentation_url"] = "https://docs.github.com/rest" };

    static async Task Answer(HttpContext context, int status, JsonNode? answer)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(answer?.ToJsonString() ?? string.Empty);
    }

    public async ValueTask DisposeAsync()
    {
        hookshot.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }

    [GeneratedRegex(@"^/app/installations/(?<installation>\d+)/access_tokens$")]
    private static partial Regex AppRoute();

    [GeneratedRegex(@"^/(repos/[^/]+/[^/]+|orgs/[^/]+)/installation$")]
    private static partial Regex InstallationRoute();

    [GeneratedRegex(@"^/repos/(?<owner>[^/]+)/(?<repo>[^/]+)(?<rest>/.*)$")]
    private static partial Regex RepositoryRoute();

    [GeneratedRegex(@"^/actions/runs/(?<id>\d+)$")]
    private static partial Regex RunRoute();

    [GeneratedRegex(@"^/actions/runs/(?<id>\d+)/attempts/(?<attempt>\d+)/jobs$")]
    private static partial Regex JobsRoute();

    [GeneratedRegex(@"^/actions/runs/(?<id>\d+)/rerun-failed-jobs$")]
    private static partial Regex RerunRoute();

    sealed record FakeApp(long AppId, RSA Key, long InstallationId);

    sealed class InjectedFailure(string method, string pathPrefix, int statusCode, string message, IReadOnlyDictionary<string, string> headers, int times)
    {
        public string Method { get; } = method;
        public string PathPrefix { get; } = pathPrefix;
        public int StatusCode { get; } = statusCode;
        public string Message { get; } = message;
        public IReadOnlyDictionary<string, string> Headers { get; } = headers;
        public int Remaining { get; set; } = times;
    }
}

public sealed record FakeWorkflowRun(long Id, string Status, string? Conclusion, int RunAttempt, string HeadBranch);

/// <summary>A job as GitHub lists it for a run attempt; <see cref="Status"/> as the API spells it (<c>completed</c>, <c>in_progress</c>...).</summary>
public sealed record FakeWorkflowJob(long Id, string Name, string? Conclusion, string Status = "completed");

public sealed record RecordedRequest(string Method, string Path, string Query, string Authorization, string Body);

/// <summary>A <c>rerun-failed-jobs</c> call GitHub accepted; <see cref="RunAttempt"/> is the attempt that was re-run.</summary>
public sealed record RecordedRerun(string Repository, long RunId, int RunAttempt, DateTimeOffset At);

public sealed record RecordedCommitStatus(string Repository, string Sha, string State, string Context, string? Description, string? TargetUrl);
