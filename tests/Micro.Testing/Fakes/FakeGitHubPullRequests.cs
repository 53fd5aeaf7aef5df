using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Micro.Testing.Fakes;

/// <summary>
/// Issues, issue comments and pull requests (<c>issues/get</c>, <c>issues/create-comment</c>, <c>issues/list-comments</c>,
/// <c>pulls/create</c>, <c>pulls/list</c>): a test seeds issues; pull requests and comments are recorded and answered with the fields
/// GitHub's answers carry that Micro reads. Lists filter and page as GitHub does (<c>per_page</c>, <c>page</c>, a <c>Link</c> header).
/// </summary>
public sealed partial class FakeGitHub
{
    readonly ConcurrentDictionary<(string Repository, int Number), (string Title, string Body)> issues = new();
    readonly ConcurrentQueue<RecordedPullRequest> pullRequests = new();
    readonly ConcurrentQueue<RecordedComment> comments = new();
    int lastNumber = 100;

    public IReadOnlyList<RecordedPullRequest> PullRequests => [.. pullRequests];

    public IReadOnlyList<RecordedComment> IssueComments => [.. comments];

    public void AddIssue(string repository, int number, string title, string body) => issues[(repository.ToLowerInvariant(), number)] = (title, body);

    /// <summary>Answers a pull-request or issue request, or null when the path is none.</summary>
    (int Status, JsonNode? Answer)? RoutePullRequests(string method, string path, HttpRequest request, string body)
    {
        if (PullRequestRoute().Match(path) is not { Success: true } route)
            return null;
        if (!Authorized(request))
            return (401, Message("Bad credentials"));

        var repository = $"{route.Groups["owner"].Value}/{route.Groups["repo"].Value}";
        var rest = route.Groups["rest"].Value;
        if (method == "POST" && rest == "/pulls")
            return CreatePullRequest(repository, body);
        if (method == "GET" && rest == "/pulls")
            return (200, ListPullRequests(repository, request.Query));
        if (IssueRoute().Match(rest) is not { Success: true } issue)
            return (404, Message("Not Found"));

        var number = int.Parse(issue.Groups["number"].Value, System.Globalization.CultureInfo.InvariantCulture);
        if (!issues.TryGetValue((repository.ToLowerInvariant(), number), out var found))
            return (404, Message("Not Found"));
        return (method, issue.Groups["comments"].Success) switch
        {
            ("GET", false) => (200, new JsonObject
            {
                ["id"] = 5000 + number,
                ["number"] = number,
                ["title"] = found.Title,
                ["body"] = found.Body,
                ["state"] = "open",
                ["html_url"] = $"https://github.com/{repository}/issues/{number}",
                ["url"] = $"{ApiUrl}repos/{repository}/issues/{number}",
            }),
            ("POST", true) => Comment(repository, number, body),
            ("GET", true) => (200, ListComments(repository, number, request)),
            _ => (404, Message("Not Found")),
        };
    }

    (int, JsonNode?) CreatePullRequest(string repository, string body)
    {
        var json = JsonNode.Parse(body);
        var title = json?["title"]?.GetValue<string>();
        var head = json?["head"]?.GetValue<string>();
        var baseBranch = json?["base"]?.GetValue<string>();
        if (string.IsNullOrEmpty(title) || string.IsNullOrEmpty(head) || string.IsNullOrEmpty(baseBranch))
            return (422, Message("Validation Failed"));

        // As GitHub does: one open pull request per head and base.
        if (pullRequests.Any(pull => string.Equals(pull.Repository, repository, StringComparison.OrdinalIgnoreCase) && pull.Head == head && pull.Base == baseBranch))
            return (422, Message($"Validation Failed: A pull request already exists for {repository.Split('/')[0]}:{head}."));

        var number = Interlocked.Increment(ref lastNumber);
        var text = json?["body"]?.GetValue<string>() ?? string.Empty;
        var pull = new RecordedPullRequest(repository, number, title, head, baseBranch, text);
        pullRequests.Enqueue(pull);
        return (201, PullRequestJson(pull));
    }

    JsonObject PullRequestJson(RecordedPullRequest pull) => new()
    {
        ["id"] = 900_000 + pull.Number,
        ["number"] = pull.Number,
        ["state"] = "open",
        ["title"] = pull.Title,
        ["body"] = pull.Body,
        ["html_url"] = $"https://github.com/{pull.Repository}/pull/{pull.Number}",
        ["url"] = $"{ApiUrl}repos/{pull.Repository}/pulls/{pull.Number}",
        ["head"] = new JsonObject { ["ref"] = pull.Head },
        ["base"] = new JsonObject { ["ref"] = pull.Base },
    };

    /// <summary><c>state</c> (open, the default, or all: every pull request here is open), <c>head</c> as <c>owner:branch</c>, <c>base</c>.</summary>
    JsonArray ListPullRequests(string repository, IQueryCollection query)
    {
        var state = query["state"].ToString() is { Length: > 0 } given ? given : "open";
        var head = query["head"].ToString();
        var baseBranch = query["base"].ToString();
        var owner = repository.Split('/')[0];
        var found = pullRequests.Where(pull => string.Equals(pull.Repository, repository, StringComparison.OrdinalIgnoreCase)
            && state is "open" or "all"
            && (head.Length == 0 || string.Equals(head, $"{owner}:{pull.Head}", StringComparison.OrdinalIgnoreCase))
            && (baseBranch.Length == 0 || pull.Base == baseBranch));
        return [.. found.Select(pull => (JsonNode)PullRequestJson(pull))];
    }

    JsonArray ListComments(string repository, int number, HttpRequest request)
    {
        var all = comments.Where(comment => string.Equals(comment.Repository, repository, StringComparison.OrdinalIgnoreCase) && comment.Issue == number).ToList();
        var perPage = int.TryParse(request.Query["per_page"], out var size) ? Math.Clamp(size, 1, 100) : 30;
        var page = int.TryParse(request.Query["page"], out var asked) ? Math.Max(asked, 1) : 1;
        if (page * perPage < all.Count)
            request.HttpContext.Response.Headers.Link = $"<{ApiUrl}repos/{repository}/issues/{number}/comments?per_page={perPage}&page={page + 1}>; rel=\"next\"";
        return [.. all.Skip((page - 1) * perPage).Take(perPage).Select((comment, index) => (JsonNode)new JsonObject
        {
            ["id"] = 700_000 + (page - 1) * perPage + index + 1,
            ["body"] = comment.Body,
            ["html_url"] = $"https://github.com/{repository}/issues/{number}#issuecomment-{700_000 + (page - 1) * perPage + index + 1}",
        })];
    }

    /// <summary>Seeds comments on an issue, as others wrote them before a run.</summary>
    public void AddIssueComments(string repository, int number, IEnumerable<string> bodies)
    {
        foreach (var body in bodies)
            comments.Enqueue(new RecordedComment(repository, number, body));
    }

    (int, JsonNode?) Comment(string repository, int number, string body)
    {
        var text = JsonNode.Parse(body)?["body"]?.GetValue<string>();
        if (string.IsNullOrEmpty(text))
            return (422, Message("Validation Failed"));
        comments.Enqueue(new RecordedComment(repository, number, text));
        return (201, new JsonObject
        {
            ["id"] = 700_000 + comments.Count,
            ["body"] = text,
            ["html_url"] = $"https://github.com/{repository}/issues/{number}#issuecomment-{700_000 + comments.Count}",
        });
    }

    [GeneratedRegex(@"^/repos/(?<owner>[^/]+)/(?<repo>[^/]+)(?<rest>/(pulls|issues/\d+(/comments)?))$")]
    private static partial Regex PullRequestRoute();

    [GeneratedRegex(@"^/issues/(?<number>\d+)(?<comments>/comments)?$")]
    private static partial Regex IssueRoute();
}

public sealed record RecordedPullRequest(string Repository, int Number, string Title, string Head, string Base, string Body);

public sealed record RecordedComment(string Repository, int Issue, string Body);
