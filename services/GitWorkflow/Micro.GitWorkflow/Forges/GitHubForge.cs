using Micro.GitHub;

namespace Micro.GitWorkflow.Forges;

sealed class GitHubForge(GitHubClient gitHub, string? token) : IForge
{
    public string ChangeRequestName => "pull request";

    public (string? Token, string User) GitCredentials => (token, "x-access-token");

    public async Task<ForgeIssue> ReadIssue(string repository, int number, CancellationToken cancellationToken)
    {
        var issue = await gitHub.GetIssue(new GitHubTarget(repository), number, cancellationToken);
        return new ForgeIssue(issue.Number, issue.Title, issue.Body);
    }

    public async Task<string> OpenChangeRequest(string repository, string head, string baseBranch, string title, string body, CancellationToken cancellationToken) =>
        (await gitHub.CreatePullRequest(new GitHubTarget(repository), head, baseBranch, title, body, cancellationToken)).HtmlUrl;

    public async Task<string?> FindOpenChangeRequest(string repository, string head, string baseBranch, CancellationToken cancellationToken) =>
        (await gitHub.FindOpenPullRequest(new GitHubTarget(repository), head, baseBranch, cancellationToken))?.HtmlUrl;

    public Task<bool> HasComment(string repository, int issue, string marker, CancellationToken cancellationToken) =>
        gitHub.HasIssueComment(new GitHubTarget(repository), issue, marker, cancellationToken);

    public Task Comment(string repository, int issue, string body, CancellationToken cancellationToken) =>
        gitHub.CommentOnIssue(new GitHubTarget(repository), issue, body, cancellationToken);
}
