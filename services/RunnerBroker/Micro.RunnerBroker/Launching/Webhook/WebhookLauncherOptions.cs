using System.ComponentModel.DataAnnotations;

namespace Micro.RunnerBroker.Launching.Webhook;

/// <summary>
/// The <c>RunnerBroker:Webhook</c> section: the original's launcher service, reached at <c>POST {Url}/runner/start</c>. Aliases
/// <c>GHA_SLURM_ADDRESS</c> (<see cref="Url"/>) and <c>GHA_SLURM_SHARED_SECRET</c> (<see cref="SharedSecret"/>).
/// </summary>
public sealed class WebhookLauncherOptions : IValidatableObject
{
    public const string Section = "RunnerBroker:Webhook";

    public Uri? Url { get; set; }

    /// <summary>Sent as the <c>auth-token</c> header; the launcher refuses requests without it.</summary>
    public string? SharedSecret { get; set; }

    /// <summary>How long one launch request may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public void ApplyAliases(IConfiguration configuration)
    {
        if (Url is null && configuration["GHA_SLURM_ADDRESS"] is { Length: > 0 } address && Uri.TryCreate(address, UriKind.Absolute, out var url))
            Url = url;
        if (string.IsNullOrEmpty(SharedSecret) && configuration["GHA_SLURM_SHARED_SECRET"] is { Length: > 0 } secret)
            SharedSecret = secret;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Url is null)
            yield return new ValidationResult("the webhook launcher needs RunnerBroker:Webhook:Url (or GHA_SLURM_ADDRESS)", [nameof(Url)]);
        else if (!Url.IsAbsoluteUri || Url.Scheme is not ("http" or "https"))
            yield return new ValidationResult("must be an absolute http(s) URL", [nameof(Url)]);
        if (string.IsNullOrEmpty(SharedSecret))
            yield return new ValidationResult("the webhook launcher needs RunnerBroker:Webhook:SharedSecret (or GHA_SLURM_SHARED_SECRET)", [nameof(SharedSecret)]);
    }
}
