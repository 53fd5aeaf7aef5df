using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Micro.Testing.Fakes;

/// <summary>
/// GitLab's REST API v4 as far as Micro uses it (issues, issue notes, merge requests: create and list), on a real port at 127.0.0.1:
/// projects by URL-encoded path, <c>PRIVATE-TOKEN</c> authentication, GitLab's error shapes and paging (<c>per_page</c>, <c>page</c>,
/// <c>X-Next-Page</c>), every merge request and note recorded. An answer can be lost after the work is done (<see cref="LoseAnswer"/>).
/// </summary>
public sealed partial class FakeGitLab : IAsyncDisposable
{
    public const string Token = "glpat-FakeTokenForMicroTests0000";

    readonly WebApplication app;
    readonly ConcurrentDictionary<(string Project, int Iid), (string Title, string Description)> issues = new();
    readonly ConcurrentQueue<RecordedMergeRequest> mergeRequests = new();
    readonly ConcurrentQueue<RecordedComment> notes = new();
    readonly List<(string Method, string PathSuffix, int[] Remaining)> lostAnswers = [];
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

    /// <summary>
    /// Carries out the next <paramref name="times"/> requests whose path (after the project) ends with <paramref name="pathSuffix"/>, then
    /// cuts the connection without an answer: GitLab did the work, the caller never heard.
    /// </summary>
    public void LoseAnswer(string method, string pathSuffix, int times = 1)
    {
        lock (lostAnswers)
            lostAnswers.Add((method, pathSuffix, [times]));
    }

    bool TakeLostAnswer(string method, string rest)
    {
        lock (lostAnswers)
        {
            foreach (var (lostMethod, suffix, remaining) in lostAnswers)
            {
                if (lostMethod == method && rest.EndsWith(suffix, StringComparison.Ordinal) && remaining[0] > 0)
                {
                    remaining[0]--;
                    return true;
                }
            }

            return false;
        }
    }

    async Task Handle(HttpContext context)
    {
        var request = context.Request;
        var (status, answer) = await Route(request);
        if (TakeLostAnswer(request.Method, request.Path.Value ?? string.Empty))
        {
            context.Abort();
            return;
        }

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
        if (request.Method == "GET" && rest == "/merge_requests")
            return (200, ListMergeRequests(project, request.Query));
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

        if (request.Method == "GET" && issueRoute.Groups["notes"].Success)
            return (200, ListNotes(project, iid, request));

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

    JsonArray ListMergeRequests(string project, IQueryCollection query)
    {
        var state = query["state"].ToString();
        var source = query["source_branch"].ToString();
        var target = query["target_branch"].ToString();
        return [.. mergeRequests.Where(merge => merge.Project == project
                && (state.Length == 0 || state is "opened" or "all")
                && (source.Length == 0 || merge.SourceBranch == source)
                && (target.Length == 0 || merge.TargetBranch == target))
            .Select(merge => (JsonNode)MergeRequestJson(merge))];
    }

    JsonArray ListNotes(string project, int iid, HttpRequest request)
    {
        var all = notes.Where(note => note.Repository == project && note.Issue == iid).ToList();
        var perPage = int.TryParse(request.Query["per_page"], out var size) ? Math.Clamp(size, 1, 100) : 20;
        var page = int.TryParse(request.Query["page"], out var asked) ? Math.Max(asked, 1) : 1;
        request.HttpContext.Response.Headers["X-Page"] = page.ToString(System.Globalization.CultureInfo.InvariantCulture);
        request.HttpContext.Response.Headers["X-Next-Page"] = page * perPage < all.Count ? (page + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : string.Empty;
        return [.. all.Skip((page - 1) * perPage).Take(perPage).Select((note, index) => (JsonNode)new JsonObject
        {
            ["id"] = 60_000 + (page - 1) * perPage + index + 1,
            ["body"] = note.Body,
            ["noteable_iid"] = iid,
            ["noteable_type"] = "Issue",
            ["system"] = false,
        })];
    }

    /// <summary>Seeds notes on an issue, as others wrote them before a run.</summary>
    public void AddNotes(string project, int iid, IEnumerable<string> bodies)
    {
        foreach (var body in bodies)
            notes.Enqueue(new RecordedComment(project, iid, body));
    }

    (int, JsonNode) CreateMergeRequest(string project, JsonNode? body)
    {
        var source = body?["source_branch"]?.GetValue<string>();
        var target = body?["target_branch"]?.GetValue<string>();
        var title = body?["title"]?.GetValue<string>();
        if (string.IsNullOrEmpty(source) || string.IsNullOrEmpty(target) || string.IsNullOrEmpty(title))
            return (400, new JsonObject { ["message"] = "source_branch, target_branch, title are missing" });

        // As GitLab does: one open merge request per source and target branch.
        if (mergeRequests.Any(merge => merge.Project == project && merge.SourceBranch == source && merge.TargetBranch == target))
            return (409, new JsonObject { ["message"] = new JsonArray($"Another open merge request already exists for this source branch: !{mergeRequests.First(merge => merge.Project == project && merge.SourceBranch == source).Iid}") });

        var iid = Interlocked.Increment(ref lastIid);
        var description = body?["description"]?.GetValue<string>() ?? string.Empty;
        var created = new RecordedMergeRequest(project, iid, title, source, target, description);
        mergeRequests.Enqueue(created);
        return (201, MergeRequestJson(created));
    }

    static JsonObject MergeRequestJson(RecordedMergeRequest merge) => new()
    {
        ["id"] = 70_000 + merge.Iid,
        ["iid"] = merge.Iid,
        ["project_id"] = 42,
        ["title"] = merge.Title,
        ["description"] = merge.Description,
        ["state"] = "opened",
        ["source_branch"] = merge.SourceBranch,
        ["target_branch"] = merge.TargetBranch,
        ["web_url"] = $"https://gitlab.com/{merge.Project}/-/merge_requests/{merge.Iid}",
    };

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    [GeneratedRegex(@"^/api/v4/projects/(?<project>[^/?]+)(?<rest>/[^?]*)(\?.*)?$")]
    private static partial Regex ProjectRoute();

    [GeneratedRegex(@"^/issues/(?<iid>\d+)(?<notes>/notes)?$")]
    private static partial Regex IssueRoute();
}

public sealed record RecordedMergeRequest(string Project, int Iid, string Title, string SourceBranch, string TargetBranch, string Description);
