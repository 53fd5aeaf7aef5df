using System.ComponentModel.DataAnnotations;
using Micro.GitHub;

namespace Micro.Ingestion.Recovery;

/// <summary>One entry of <c>GitHub:WebhookRecovery:Hooks</c>: a repository's or organization's hook by id, or the GitHub App's hook.</summary>
public sealed class WatchedHook
{
    public string? Repository { get; set; }

    public string? Organization { get; set; }

    /// <summary>The App's own webhook, reached with the App's JWT (needs <c>GitHub:AppId</c>); it has no id to give.</summary>
    public bool App { get; set; }

    /// <summary>The hook's id: the number at the end of its settings page's URL, and the <c>X-GitHub-Hook-ID</c> header of its deliveries.</summary>
    public long? HookId { get; set; }

    public GitHubHook ToHook() => (Repository, Organization) switch
    {
        ({ } repository, _) => new GitHubHook.OfRepository(repository, HookId!.Value),
        (_, { } organization) => new GitHubHook.OfOrganization(organization, HookId!.Value),
        _ => new GitHubHook.OfApp(),
    };

    internal IEnumerable<ValidationResult> Validate(string key)
    {
        var kinds = (Repository is null ? 0 : 1) + (Organization is null ? 0 : 1) + (App ? 1 : 0);
        if (kinds != 1)
        {
            yield return new ValidationResult("set exactly one of Repository (owner/name), Organization, or App=true", [key]);
            yield break;
        }

        if (Repository is not null && !GitHubPaths.IsRepository(Repository))
            yield return new ValidationResult($"'{Repository}' is not a repository name of the form owner/name", [$"{key}:{nameof(Repository)}"]);
        if (Organization is not null && !GitHubPaths.IsOrganization(Organization))
            yield return new ValidationResult($"'{Organization}' is not an organization name", [$"{key}:{nameof(Organization)}"]);
        if (!App && HookId is not > 0)
            yield return new ValidationResult("is required: the hook's id, from its settings page's URL or the X-GitHub-Hook-ID header", [$"{key}:{nameof(HookId)}"]);
    }
}
