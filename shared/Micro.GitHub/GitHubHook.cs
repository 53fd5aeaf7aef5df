namespace Micro.GitHub;

/// <summary>A webhook at GitHub whose recent deliveries can be listed and redelivered: a repository's, an organization's, or the App's own.</summary>
public abstract record GitHubHook
{
    GitHubHook()
    {
    }

    /// <summary>The hook's deliveries resource, relative to the API root.</summary>
    internal abstract string DeliveriesPath { get; }

    /// <summary>A hook in a repository's settings; needs a token (or App installation) with write access to its webhooks.</summary>
    public sealed record OfRepository(string Repository, long HookId) : GitHubHook
    {
        internal override string DeliveriesPath => $"repos/{GitHubPaths.Repository(Repository)}/hooks/{HookId}/deliveries";

        public override string ToString() => $"repository {Repository} hook {HookId}";
    }

    /// <summary>A hook in an organization's settings; needs a token (or App installation) with write access to the organization's webhooks.</summary>
    public sealed record OfOrganization(string Organization, long HookId) : GitHubHook
    {
        internal override string DeliveriesPath => $"orgs/{GitHubPaths.Organization(Organization)}/hooks/{HookId}/deliveries";

        public override string ToString() => $"organization {Organization} hook {HookId}";
    }

    /// <summary>The GitHub App's own webhook, reached with the App's JWT rather than an installation token.</summary>
    public sealed record OfApp : GitHubHook
    {
        internal override string DeliveriesPath => "app/hook/deliveries";

        public override string ToString() => "the GitHub App's hook";
    }
}

/// <summary>
/// One attempt at delivering an event, as <c>GET …/hooks/{hook_id}/deliveries</c> lists it. Every attempt of an event shares its
/// <see cref="Guid"/> (the <c>X-GitHub-Delivery</c> header); <see cref="StatusCode"/> is 0 when the receiver could not be reached or timed out.
/// </summary>
public sealed record GitHubHookDelivery(
    long Id, string Guid, DateTimeOffset DeliveredAt, bool Redelivery, int StatusCode, string Status, string Event, string? Action)
{
    public bool Succeeded => StatusCode is >= 200 and < 300;
}
