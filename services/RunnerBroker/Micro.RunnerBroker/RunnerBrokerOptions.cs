using System.ComponentModel.DataAnnotations;
using Micro.GitHub;
using Micro.RunnerBroker.Launching;
using Micro.RunnerBroker.Launching.Webhook;
using Micro.RunnerBroker.Repositories;

namespace Micro.RunnerBroker;

/// <summary>
/// The <c>RunnerBroker</c> configuration section. The original app's environment variables are read as aliases: <c>RUNNER_URL</c>
/// sets <see cref="TokenUrl"/> (and <c>GHA_SLURM_ADDRESS</c>, <c>GHA_SLURM_SHARED_SECRET</c> the webhook launcher's settings).
/// </summary>
public sealed class RunnerBrokerOptions : IValidatableObject
{
    public const string Section = "RunnerBroker";

    /// <summary>Who starts runners: <c>Webhook</c> (the original's launcher, also chosen by its URL alone) or <c>Slurm</c>; none when unset.</summary>
    public string? Launcher { get; set; }

    /// <summary>Which jobs get a runner, from their <c>runs-on</c> labels.</summary>
    public LabelRules Labels { get; set; } = new();

    /// <summary>Ordered rules: the first whose text a label contains names the partition; none matching gives <see cref="DefaultPartition"/>.</summary>
    public List<PartitionRule>? Partitions { get; set; }

    [Required]
    public string DefaultPartition { get; set; } = "gha";

    /// <summary>Launcher users and their repositories (<c>owner/name</c>), written to the database at start for repositories it does not map yet.</summary>
    public Dictionary<string, List<string>> Repositories { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Where a launched runner trades its launcher token (this service's <c>POST /gha/runner</c> as the cluster reaches it). Alias <c>RUNNER_URL</c>.</summary>
    public Uri? TokenUrl { get; set; }

    /// <summary><c>token</c>: the exchange answers a registration token; <c>jit</c>: a just-in-time runner configuration.</summary>
    public RunnerMode RunnerMode { get; set; } = RunnerMode.Token;

    /// <summary>The runner group just-in-time runners join (1 is the default group).</summary>
    [Range(1, long.MaxValue)]
    public long RunnerGroupId { get; set; } = 1;

    /// <summary>How long a launcher token may wait for its runner: a Slurm job can sit long in the queue.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan LauncherTokenLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>A launched runner whose token is not exchanged within this is cancelled at the launcher.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A job still queued this long after its last launch gets another runner, up to <see cref="MaxLaunches"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan RelaunchAfter { get; set; } = TimeSpan.FromMinutes(10);

    [Range(1, 20)]
    public int MaxLaunches { get; set; } = 3;

    /// <summary>How often one launch is tried when the launcher fails in a way worth repeating, before recording <c>launch-failed</c>.</summary>
    [Range(1, 20)]
    public int LaunchAttempts { get; set; } = 5;

    /// <summary>First wait before trying a failed launch again; it doubles with each further failure.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan LaunchRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often due launches, cancels and timeouts are looked for.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A registration token is fetched anew this long before GitHub's <c>expires_at</c> (they live an hour).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:30:00")]
    public TimeSpan RegistrationTokenRenewal { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a finished job's record (and an expired launcher token) is kept before it is deleted.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often records older than <see cref="Retention"/> are looked for.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The launcher tokens' ES256 key (PEM, P-256); when neither this nor <see cref="SigningKeyFile"/> is set, one is generated and kept in the database.</summary>
    public string? SigningKey { get; set; }

    public string? SigningKeyFile { get; set; }

    public void ApplyAliases(IConfiguration configuration)
    {
        // The section's own key wins: the alias is for users of the original who set nothing else.
        if (TokenUrl is null && configuration["RUNNER_URL"] is { Length: > 0 } url && Uri.TryCreate(url, UriKind.Absolute, out var parsed))
            TokenUrl = parsed;
        // The original had one launcher: its address alone chooses the webhook launcher.
        if (string.IsNullOrEmpty(Launcher) && (configuration[$"{WebhookLauncherOptions.Section}:{nameof(WebhookLauncherOptions.Url)}"] is { Length: > 0 }
            || configuration["GHA_SLURM_ADDRESS"] is { Length: > 0 }))
            Launcher = RunnerLaunchers.Webhook;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Launcher is { Length: > 0 } launcher && !RunnerLaunchers.IsKnown(launcher))
        {
            yield return new ValidationResult(
                $"'{launcher}' is not a launcher this build has; use one of: {string.Join(", ", RunnerLaunchers.Names)} (or leave it unset to record no-launcher)",
                [nameof(Launcher)]);
        }

        if (Launcher is { Length: > 0 } && TokenUrl is null)
            yield return new ValidationResult("a launcher is configured, so RunnerBroker:TokenUrl (or RUNNER_URL) is required: launched runners fetch their token there", [nameof(TokenUrl)]);
        if (TokenUrl is { } tokenUrl && (!tokenUrl.IsAbsoluteUri || tokenUrl.Scheme is not ("http" or "https")))
            yield return new ValidationResult("must be an absolute http(s) URL, e.g. https://micro.example.org/gha/runner", [nameof(TokenUrl)]);
        if (!string.IsNullOrWhiteSpace(SigningKeyFile) && !File.Exists(SigningKeyFile))
            yield return new ValidationResult($"no such file: {SigningKeyFile}", [nameof(SigningKeyFile)]);

        foreach (var rule in Partitions ?? [])
        {
            if (string.IsNullOrWhiteSpace(rule.Contains) || string.IsNullOrWhiteSpace(rule.Partition))
                yield return new ValidationResult("each partition rule needs Contains and Partition", [nameof(Partitions)]);
        }

        foreach (var (user, repositories) in Repositories)
        {
            if (!LauncherUsers.IsValid(user))
                yield return new ValidationResult($"'{user}' is not a valid launcher user name ({LauncherUsers.Rule})", [nameof(Repositories)]);
            foreach (var repository in repositories.Where(repository => !GitHubPaths.IsRepository(repository)))
                yield return new ValidationResult($"{user}: '{repository}' is not a repository name of the form owner/name", [nameof(Repositories)]);
        }
    }

    /// <summary>The partition rules in force: the configured ones, or the original's <c>32gb</c> rule.</summary>
    public IReadOnlyList<PartitionRule> PartitionRules => Partitions is { Count: > 0 } rules ? rules : [new PartitionRule { Contains = "32gb", Partition = "32GBRAM" }];
}

public enum RunnerMode
{
    Token,
    Jit,
}

public sealed class LabelRules
{
    /// <summary>A job with one of these labels is never given a runner (default <c>dev</c>), whatever else it asks for.</summary>
    public List<string>? Ignore { get; set; }

    /// <summary>A job gets a runner only when a label contains one of these (default <c>self-hosted</c>).</summary>
    public List<string>? Require { get; set; }

    /// <summary>
    /// Labels of GitHub's own runners (an entry ending in <c>*</c> matches labels that start with the rest; default <c>ubuntu-*</c>,
    /// <c>windows-*</c>, <c>macos-*</c>). A job that no required label asks for and whose every label is one of these runs on GitHub's
    /// runners: it is not recorded at all. An empty entry matches no label, so that every job is recorded.
    /// </summary>
    public List<string>? Hosted { get; set; }

    public IReadOnlyList<string> Ignored => Ignore ?? ["dev"];

    public IReadOnlyList<string> HostedRunners => Hosted ?? ["ubuntu-*", "windows-*", "macos-*"];

    public IReadOnlyList<string> Required => Require is { Count: > 0 } required ? required : ["self-hosted"];
}

public sealed class PartitionRule
{
    public string Contains { get; set; } = string.Empty;

    public string Partition { get; set; } = string.Empty;
}
