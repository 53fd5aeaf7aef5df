namespace Micro.GitWorkflow.Forges;

/// <summary>Where a repository lives, GitHub or GitLab: its issues and pull (merge) requests, and what git sends as credentials.</summary>
public interface IForge
{
    /// <summary>"pull request" or "merge request", for messages.</summary>
    string ChangeRequestName { get; }

    /// <summary>The token git commands send, and the user name it goes with in Basic authentication.</summary>
    (string? Token, string User) GitCredentials { get; }

    Task<ForgeIssue> ReadIssue(string repository, int number, CancellationToken cancellationToken);

    /// <summary>Opens a pull (merge) request of <paramref name="head"/> into <paramref name="baseBranch"/>; returns its web address.</summary>
    Task<string> OpenChangeRequest(string repository, string head, string baseBranch, string title, string body, CancellationToken cancellationToken);

    /// <summary>The web address of the open pull (merge) request of <paramref name="head"/> into <paramref name="baseBranch"/>, if any.</summary>
    Task<string?> FindOpenChangeRequest(string repository, string head, string baseBranch, CancellationToken cancellationToken);

    Task Comment(string repository, int issue, string body, CancellationToken cancellationToken);

    /// <summary>Whether a comment on the issue contains <paramref name="marker"/>.</summary>
    Task<bool> HasComment(string repository, int issue, string marker, CancellationToken cancellationToken);
}

public sealed record ForgeIssue(int Number, string Title, string Body);
