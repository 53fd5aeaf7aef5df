using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Micro.Ingestion.Webhooks;

/// <summary>The webhook part of the <c>GitHub</c> configuration section.</summary>
public sealed class GitHubWebhookOptions : IValidatableObject
{
    public const string Section = "GitHub";

    /// <summary>
    /// Secrets a delivery may be signed with. Several are accepted at once so a secret can be rotated without losing deliveries.
    /// The environment variable <c>GITHUB_WEBHOOK_SECRET</c> adds one.
    /// </summary>
    public List<string> WebhookSecrets { get; set; } = [];

    /// <summary>Accept unsigned deliveries when no secret is configured. For a local trial only: anyone can then post events.</summary>
    public bool AllowUnsignedWebhooks { get; set; }

    /// <summary>Largest body accepted, GitHub's own cap by default.</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public long MaxBodyBytes { get; set; } = 25 * 1024 * 1024;

    /// <summary>How many bodies are read at once; each holds a buffer as large as what its sender has sent so far.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrentReads { get; set; } = 64;

    /// <summary>How long a delivery may wait for a turn to be read before it is answered 503 with <c>Retry-After</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:05")]
    public TimeSpan ReadQueueTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a delivery may wait to be stored before Micro answers 503 (GitHub gives up after 10 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:00:09")]
    public TimeSpan StoreTimeout { get; set; } = TimeSpan.FromSeconds(8);

    public bool VerifiesSignatures => WebhookSecrets.Count > 0;

    /// <summary>Adds the <c>GITHUB_WEBHOOK_SECRET</c> alias and drops blank entries (an unset variable in a compose file reads as blank).</summary>
    public void ApplyAliases(IConfiguration configuration)
    {
        if (configuration["GITHUB_WEBHOOK_SECRET"] is { Length: > 0 } secret && !WebhookSecrets.Contains(secret))
            WebhookSecrets.Add(secret);
        WebhookSecrets.RemoveAll(string.IsNullOrWhiteSpace);
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!VerifiesSignatures && !AllowUnsignedWebhooks)
        {
            yield return new ValidationResult(
                "no webhook secret is configured: set GitHub:WebhookSecrets:0 (or GITHUB_WEBHOOK_SECRET) to the secret of your GitHub webhook, " +
                "or GitHub:AllowUnsignedWebhooks=true to accept unsigned deliveries (local trials only)",
                [nameof(WebhookSecrets)]);
        }
    }
}
