namespace Micro.Contracts.GitHub;

/// <summary>Where and from whom an event came: common to every GitHub integration event.</summary>
/// <param name="DeliveryId">GitHub's <c>X-GitHub-Delivery</c> id of the webhook delivery.</param>
/// <param name="InstallationId">The GitHub App installation, when the webhook came from an app.</param>
public sealed record GitHubEventOrigin(
    string DeliveryId,
    GitHubRepository Repository,
    long? InstallationId,
    string? SenderLogin);
