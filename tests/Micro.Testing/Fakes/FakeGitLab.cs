using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Micro.Testing.Fakes;

/// <summary>
/// GitLab's REST API v4 as far as Micro uses it (issues, issue notes, merge requests), on a real port at 127.0.0.1: projects by
/// URL-encoded path, <c>PRIVATE-TOKEN</c> authentication, GitLab's error shapes, every merge request and note recorded.
/// </summary>
public sealed partial class FakeGitLab : IAsyncDisposable
{
    public const string Token = "glpat-FakeTokenForMicroTests0000";

    readonly WebApplication app;
    readonly ConcurrentDictionary<(string Project, int Iid), (string Title, string Description)> issues = new();
    readonly ConcurrentQueue<RecordedMergeRequest> mergeRequests = new();
    readonly ConcurrentQueue<RecordedComment> notes = new();
    int lastIid;

    FakeGitLab(WebApplication app, Uri apiUrl)
    {
        this.app = app;
        ApiUrl = apiUrl;
    }

    /// <summary>The API root, ending in <c>/api/v4/</c>.</summary>
    public Uri ApiUrl { get; }

    public IReadOnlyList<RecordedMergeRequest> MergeRequests => [.. mergeRequests];

    public IReadOnlyList<RecordedComment> Notes => [.. notes];

    public static async Task<FakeGitLab> Start()
    {
        FakeGitLab? fake = null;
        var (app, address) = await LoopbackServer.Start(app => app.Run(context => fake!.Handle(context)));
        fake = new FakeGitLab(app, new Uri(address, "api/v4/"));
        return fake;
    }

    public void AddIssue(string project, int iid, string title, string description) => issues[(project, iid)] = (title, description);

    async Task Handle(HttpContext context)
    {
        var request = context.Request;
        var (status, answer) = await Route(request);
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(answer.ToJsonString());
    }

    async Task<(int, JsonNode)> Route(HttpRequest request)
    {
        if (request.Headers["PRIVATE-TOKEN"].ToString() != Token)
            return (401, new JsonObject { ["message"] = "401 Unauthorized" });

        // The raw target keeps the project path encoded (group%2Fname), as GitLab's router reads it.
        var target = request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget;
        if (ProjectRoute().Match(target) is not { Success: true } route)
            return (404, new JsonObject { ["error"] = "404 Not Found" });

        var project = Uri.UnescapeDataString(route.Groups["project"].Value);
        var rest = route.Groups["rest"].Value;
        var body = request.Method == "POST" ? JsonNode.Parse(await new StreamReader(request.Body).ReadToEndAsync()) : null;
        if (request.Method == "POST" && rest == "/merge_requests")
            return CreateMergeRequest(project, body);
        if (IssueRoute().Match(rest) is not { Success: true } issueRoute)
            return (404, new JsonObject { ["error"] = "404 Not Found" });

        var iid = int.Parse(issueRoute.Groups["iid"].Value, System.Globalization.CultureInfo.InvariantCulture);
        if (!issues.TryGetValue((project, iid), out var issue))
            return (404, new JsonObject { ["message"] = "404 Issue Not Found" });
        if (request.Method == "GET" && !issueRoute.Groups["notes"].Success)
        {
            return (200, new JsonObject
            {
                ["id"] = 80_000 + iid,
                ["iid"] = iid,
                ["project_id"] = 42,
                ["title"] = issue.Title,
                ["description"] = issue.Description,
                ["state"] = "opened",
                ["web_url"] = $"https://gitlab.com/{project}/-/issues/{iid}",
            });
        }

        if (request.Method == "POST" && issueRoute.Groups["notes"].Success)
        {
            var text = body?["body"]?.GetValue<string>();
            if (string.IsNullOrEmpty(text))
                return (400, new JsonObject { ["message"] = new JsonObject { ["note"] = new JsonArray("can't be blank") } });
            notes.Enqueue(new RecordedComment(project, iid, text));
            return (201, new JsonObject { ["id"] = 60_000 + notes.Count, ["body"] = text, ["noteable_iid"] = iid, ["noteable_type"] = "Issue" });
        }

        return (404, new JsonObject { ["error"] = "404 Not Found" });
    }

    (int, JsonNode) CreateMergeRequest(string project, JsonNode? body)
    {
        var source = body?["source_branch"]?.GetValue<string>();
        var target = body?["target_branch"]?.GetValue<string>();
        var title = body?["title"]?.GetValue<string>();
        if (string.IsNullOrEmpty(source) || string.IsNullOrEmpty(target) || string.IsNullOrEmpty(title))
            return (400, new JsonObject { ["message"] = "source_branch, target_branch, title are missing" });

        var iid = Interlocked.Increment(ref lastIid);
        var description = body?["description"]?.GetValue<string>() ?? string.Empty;
        mergeRequests.Enqueue(new RecordedMergeRequest(project, iid, title, source, target, description));
        return (201, new JsonObject
        {
            ["id"] = 70_000 + iid,
            ["iid"] = iid,
            ["project_id"] = 42,
            ["title"] = title,
            ["description"] = description,
            ["state"] = "opened",
            ["source_branch"] = source,
            ["target_branch"] = target,
            ["web_url"] = $"https://gitlab.com/{project}/-/merge_requests/{iid}",
        });
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    [GeneratedRegex(@"^/api/v4/projects/(?<project>[^/?]+)(?<rest>/[^?]*)$")]
    private static partial Regex ProjectRoute();

    [GeneratedRegex(@"^/issues/(?<iid>\d+)(?<notes>/notes)?$")]
    private static partial Regex IssueRoute();
}

public sealed record RecordedMergeRequest(string Project, int Iid, string Title, string SourceBranch, string TargetBranch, string Description);
