using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace Micro.GitHub;

/// <summary>
/// Pull requests and issues, for the git-workflow service: open a pull request (or find the open one), read an issue, comment on it (or
/// find a comment already there).
/// </summary>
public sealed partial class GitHubClient
{
    /// <summary><c>POST /repos/{owner}/{repo}/pulls</c>: a pull request of <paramref name="head"/> into <paramref name="baseBranch"/>.</summary>
    public async Task<GitHubPullRequest> CreatePullRequest(
        GitHubTarget target, string head, string baseBranch, string title, string body, CancellationToken cancellationToken)
    {
        var created = await Send<PullRequestAnswer>(target, HttpMethod.Post, $"{RepositoryPath(target)}/pulls",
            new { title, head, @base = baseBranch, body }, cancellationToken);
        return new GitHubPullRequest(created.Number, created.HtmlUrl ?? string.Empty);
    }

    /// <summary>
    /// <c>GET /repos/{owner}/{repo}/pulls?head={owner}:{head}&amp;base={base}&amp;state=open</c>: the open pull request of the branch into
    /// the base, or null. GitHub allows one open pull request per head and base, so the first page says all.
    /// </summary>
    public async Task<GitHubPullRequest?> FindOpenPullRequest(GitHubTarget target, string head, string baseBranch, CancellationToken cancellationToken)
    {
        var (owner, _) = GitHubPaths.OwnerAndName(target.Repository);
        var query = $"head={Uri.EscapeDataString($"{owner}:{head}")}&base={Uri.EscapeDataString(baseBranch)}&state=open&per_page={PageSize}";
        var open = await Send<List<PullRequestAnswer>>(target, HttpMethod.Get, $"{RepositoryPath(target)}/pulls?{query}", null, cancellationToken);
        return open.FirstOrDefault() is { } found ? new GitHubPullRequest(found.Number, found.HtmlUrl ?? string.Empty) : null;
    }

    /// <summary><c>GET /repos/{owner}/{repo}/issues/{issue_number}/comments</c>, every page: whether a comment contains <paramref name="text"/>.</summary>
    public async Task<bool> HasIssueComment(GitHubTarget target, int number, string text, CancellationToken cancellationToken)
    {
        string? next = $"{RepositoryPath(target)}/issues/{number}/comments?per_page={PageSize}";
        while (next is not null)
        {
            using var response = await Exchange(target, HttpMethod.Get, next, null, cancellationToken);
            var page = await response.Content.ReadFromJsonAsync<List<CommentAnswer>>(GitHubJson.Options, cancellationToken) ?? [];
            if (page.Any(comment => comment.Body?.Contains(text, StringComparison.Ordinal) == true))
                return true;
            next = NextPage(response, http.BaseAddress);
        }

        return false;
    }

    /// <summary><c>GET /repos/{owner}/{repo}/issues/{issue_number}</c>: its title and body.</summary>
    public async Task<GitHubIssue> GetIssue(GitHubTarget target, int number, CancellationToken cancellationToken)
    {
        var issue = await Send<IssueAnswer>(target, HttpMethod.Get, $"{RepositoryPath(target)}/issues/{number}", null, cancellationToken);
        return new GitHubIssue(issue.Number, issue.Title ?? string.Empty, issue.Body ?? string.Empty, issue.HtmlUrl ?? string.Empty);
    }

    /// <summary><c>POST /repos/{owner}/{repo}/issues/{issue_number}/comments</c>.</summary>
    public async Task CommentOnIssue(GitHubTarget target, int number, string body, CancellationToken cancellationToken) =>
        await SendOnly(target, HttpMethod.Post, $"{RepositoryPath(target)}/issues/{number}/comments", new { body }, cancellationToken);

    sealed record PullRequestAnswer(int Number, [property: JsonPropertyName("html_url")] string? HtmlUrl);

    sealed record CommentAnswer(long Id, string? Body);

    sealed record IssueAnswer(int Number, string? Title, string? Body, [property: JsonPropertyName("html_url")] string? HtmlUrl);
}

public sealed record GitHubPullRequest(int Number, string HtmlUrl);

public sealed record GitHubIssue(int Number, string Title, string Body, string HtmlUrl);
