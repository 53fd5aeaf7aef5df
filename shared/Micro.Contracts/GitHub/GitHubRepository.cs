namespace Micro.Contracts.GitHub;

/// <summary>The repository a GitHub event happened in.</summary>
public sealed record GitHubRepository(string FullName, string HtmlUrl)
{
    public string Owner => FullName.Split('/')[0];
    public string Name => FullName.Split('/') is [_, var name] ? name : string.Empty;
}
