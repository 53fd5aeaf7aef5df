using System.Text.Json.Serialization;

namespace Micro.GitHub;

/// <summary>Pull requests and issues, for the git-workflow service: open a pull request, read an issue, comment on it.</summary>
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

    sealed record IssueAnswer(int Number, string? Title, string? Body, [property: JsonPropertyName("html_url")] string? HtmlUrl);
}

public sealed record GitHubPullRequest(int Number, string HtmlUrl);

public sealed record GitHubIssue(int Number, string Title, string Body, string HtmlUrl);
