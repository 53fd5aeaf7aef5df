using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Micro.Testing.Fakes;

/// <summary>
/// Issues, issue comments and pull requests (<c>issues/get</c>, <c>issues/create-comment</c>, <c>pulls/create</c>): a test seeds issues;
/// pull requests and comments are recorded and answered with the fields GitHub's answers carry that Micro reads.
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

        var number = Interlocked.Increment(ref lastNumber);
        var text = json?["body"]?.GetValue<string>() ?? string.Empty;
        pullRequests.Enqueue(new RecordedPullRequest(repository, number, title, head, baseBranch, text));
        return (201, new JsonObject
        {
            ["id"] = 900_000 + number,
            ["number"] = number,
            ["state"] = "open",
            ["title"] = title,
            ["body"] = text,
            ["html_url"] = $"https://github.com/{repository}/pull/{number}",
            ["url"] = $"{ApiUrl}repos/{repository}/pulls/{number}",
            ["head"] = new JsonObject { ["ref"] = head },
            ["base"] = new JsonObject { ["ref"] = baseBranch },
        });
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
