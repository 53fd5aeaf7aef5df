using Micro.GitWorkflow.GitLab;

namespace Micro.GitWorkflow.Forges;

sealed class GitLabForge(GitLabClient gitLab, string? token) : IForge
{
    public string ChangeRequestName => "merge request";

    public (string? Token, string User) GitCredentials => (token, "oauth2");

    public async Task<ForgeIssue> ReadIssue(string repository, int number, CancellationToken cancellationToken)
    {
        var issue = await gitLab.GetIssue(repository, number, cancellationToken);
        return new ForgeIssue(issue.Iid, issue.Title, issue.Description);
    }

    public async Task<string> OpenChangeRequest(string repository, string head, string baseBranch, string title, string body, CancellationToken cancellationToken) =>
        (await gitLab.CreateMergeRequest(repository, head, baseBranch, title, body, cancellationToken)).WebUrl;

    public async Task<string?> FindOpenChangeRequest(string repository, string head, string baseBranch, CancellationToken cancellationToken) =>
        (await gitLab.FindOpenMergeRequest(repository, head, baseBranch, cancellationToken))?.WebUrl;

    public Task<bool> HasComment(string repository, int issue, string marker, CancellationToken cancellationToken) =>
        gitLab.HasIssueNote(repository, issue, marker, cancellationToken);

    public Task Comment(string repository, int issue, string body, CancellationToken cancellationToken) =>
        gitLab.AddIssueNote(repository, issue, body, cancellationToken);
}
