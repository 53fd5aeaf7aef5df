using System.ComponentModel.DataAnnotations;

namespace Micro.RunnerBroker.Slurm;

/// <summary>The <c>RunnerBroker:Slurm</c> configuration section: where slurmrestd is, how Micro authenticates, and what the job runs.</summary>
public sealed class SlurmOptions : IValidatableObject
{
    public const string Section = "RunnerBroker:Slurm";

    /// <summary>slurmrestd's base address, e.g. <c>http://slurm-head:6820/</c>.</summary>
    [Required]
    public Uri? ApiUrl { get; set; }

    /// <summary>The OpenAPI plug-in slurmrestd loads; <c>v0.0.38</c> is Slurm 22.05's.</summary>
    [RegularExpression(@"^v\d+\.\d+\.\d+$", ErrorMessage = "must look like v0.0.38")]
    public string ApiVersion { get; set; } = "v0.0.38";

    /// <summary>
    /// The Slurm user Micro acts as where no mapped user is known (cancelling); with <see cref="Token"/>, the user the token belongs to.
    /// </summary>
    [Required]
    public string? UserName { get; set; }

    /// <summary>A token from <c>scontrol token</c> for <see cref="UserName"/>; jobs then run as that user (or as the mapped user, when it is the SlurmUser).</summary>
    public string? Token { get; set; }

    /// <summary>The cluster's JWT key (<c>AuthAltParameters=jwt_key=</c>): Micro then mints a short token for each mapped user, as <c>scontrol token</c> would.</summary>
    public string? JwtKeyFile { get; set; }

    /// <summary>How long one call to slurmrestd may take before it counts as unanswered (and the launch is tried again later).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a minted token lasts: one request's worth.</summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Shell commands that start the runner, with <c>RUNNER_URL</c>, <c>RUNNER_LABELS</c>, <c>RUNNER_NAME</c> and the registration token in
    /// <c>RUNNER_TOKEN</c> and <c>ACTIONS_RUNNER_INPUT_TOKEN</c> (which <c>config.sh</c> reads, so the token is never on a command line),
    /// or a just-in-time configuration in <c>ACTIONS_RUNNER_INPUT_JITCONFIG</c> (which <c>run.sh</c> reads).
    /// </summary>
    [Required]
    public string RunnerCommand { get; set; } = DefaultRunnerCommand;

    public const string DefaultRunnerCommand =
        """
        cd ~/actions-runner || exit 1
        if [[ -n ${ACTIONS_RUNNER_INPUT_JITCONFIG:-} ]]; then
            exec ./run.sh
        fi
        ./config.sh --unattended --ephemeral --url "$RUNNER_URL" --labels "$RUNNER_LABELS" --name "$RUNNER_NAME" &&
            unset RUNNER_TOKEN ACTIONS_RUNNER_INPUT_TOKEN &&
            ./run.sh
        """;

    /// <summary>The job's working directory on the node; it must exist and be writable by the mapped user.</summary>
    [Required]
    public string WorkingDirectory { get; set; } = "/tmp";

    /// <summary>The job's output file (Slurm's <c>standard_output</c>, relative to <see cref="WorkingDirectory"/>; <c>%j</c> is the job id).</summary>
    [Required]
    public string OutputPath { get; set; } = "micro-runner-%j.out";

    /// <summary>Variables every job gets besides Micro's own; slurmrestd passes no environment of its own to a job.</summary>
    public Dictionary<string, string> Environment { get; set; } = new() { ["PATH"] = "/usr/local/bin:/usr/bin:/bin" };

    /// <summary>How long a runner waits for a job before it gives up; read from <c>RunnerBroker:IdleTimeout</c>.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(2);

    static bool Readable(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            return true;
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ApiUrl is { } url && (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https")))
            yield return new ValidationResult("must be an absolute http(s) URL", [nameof(ApiUrl)]);
        if (string.IsNullOrEmpty(Token) == string.IsNullOrEmpty(JwtKeyFile))
            yield return new ValidationResult("set exactly one of Token and JwtKeyFile", [nameof(Token), nameof(JwtKeyFile)]);
        if (!string.IsNullOrEmpty(JwtKeyFile) && !Readable(JwtKeyFile))
            yield return new ValidationResult($"'{JwtKeyFile}' does not exist or cannot be read", [nameof(JwtKeyFile)]);
        if (IdleTimeout <= TimeSpan.Zero)
            yield return new ValidationResult("RunnerBroker:IdleTimeout must be positive", [nameof(IdleTimeout)]);
        foreach (var name in Environment.Keys.Where(name => name.StartsWith("MICRO_", StringComparison.Ordinal) || name.StartsWith("RUNNER_", StringComparison.Ordinal)))
            yield return new ValidationResult($"'{name}' is set by Micro itself", [nameof(Environment)]);
    }
}
