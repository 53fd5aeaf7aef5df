using System.ComponentModel.DataAnnotations;
using Micro.ServiceDefaults;
using Microsoft.Extensions.Configuration;

namespace Micro.PubSub;

/// <summary>The client part of the <c>PubSub</c> configuration section: which project, and where Pub/Sub is.</summary>
public sealed class PubSubOptions : IValidatableObject
{
    public const string Section = "PubSub";

    /// <summary>The Google Cloud project of the topics and subscriptions named by id. <c>GOOGLE_CLOUD_PROJECT</c> sets it.</summary>
    public string? ProjectId { get; set; }

    /// <summary>
    /// <c>host:port</c> of a Pub/Sub emulator: plain http, no credentials. The environment variable <c>PUBSUB_EMULATOR_HOST</c>, which
    /// Google's own clients read, sets it.
    /// </summary>
    public string? EmulatorHost { get; set; }

    /// <summary>The REST API root, Google's by default (a regional or private endpoint may replace it).</summary>
    [Required]
    public Uri ApiUrl { get; set; } = new("https://pubsub.googleapis.com/");

    /// <summary>
    /// A service-account key file (JSON). Without it, the Application Default Credentials are used: <c>GOOGLE_APPLICATION_CREDENTIALS</c>,
    /// or the metadata server of the machine Micro runs on in Google Cloud.
    /// </summary>
    public string? CredentialsFile { get; set; }

    /// <summary>
    /// How long one call may take, its retries included. Longer than a pull of an empty subscription may wait for messages before it
    /// answers none (about 90 s, as the emulator does).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often a call that is safe to repeat (pull, acknowledge, ack-deadline change, create) is repeated after a transient failure.</summary>
    [Range(1, 10)]
    public int RetryAttempts { get; set; } = 3;

    /// <summary>The first wait before repeating a call; it doubles with each repeat, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public bool UsesEmulator => !string.IsNullOrWhiteSpace(EmulatorHost);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(ProjectId);

    internal ApiCallLimits CallLimits => new(Timeout, RetryAttempts, RetryDelay);

    /// <summary>The root the client calls: the emulator's when one is named.</summary>
    public Uri Root => UsesEmulator ? new Uri($"http://{EmulatorHost!.Trim()}/") : ApiUrl;

    public void ApplyAliases(IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(EmulatorHost) && configuration["PUBSUB_EMULATOR_HOST"] is { Length: > 0 } emulator)
            EmulatorHost = emulator;
        if (string.IsNullOrWhiteSpace(ProjectId) && configuration["GOOGLE_CLOUD_PROJECT"] is { Length: > 0 } project)
            ProjectId = project;
    }

    static bool IsHostAndPort(string value) =>
        Uri.TryCreate($"http://{value}/", UriKind.Absolute, out var uri) && uri.AbsolutePath == "/" && uri.Authority == value && !uri.IsDefaultPort;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!ApiUrl.IsAbsoluteUri || ApiUrl.Scheme is not ("https" or "http"))
            yield return new ValidationResult("must be an absolute http(s) URL such as https://pubsub.googleapis.com/", [nameof(ApiUrl)]);
        if (UsesEmulator && !IsHostAndPort(EmulatorHost!.Trim()))
            yield return new ValidationResult("must be host:port, such as localhost:8085 (PUBSUB_EMULATOR_HOST)", [nameof(EmulatorHost)]);
        if (ProjectId is { Length: > 0 } project && !PubSubNames.IsValidProject(project))
        {
            yield return new ValidationResult("must be a Google Cloud project id (6 to 30 lowercase letters, digits or hyphens)",
                [nameof(ProjectId)]);
        }
        if (!UsesEmulator && CredentialsFile is { Length: > 0 } file && !File.Exists(file))
            yield return new ValidationResult($"names a file that does not exist: {file}", [nameof(CredentialsFile)]);
    }
}
