using System.ComponentModel.DataAnnotations;
using Micro.GitWorkflow.Agents;

namespace Micro.GitWorkflow;

/// <summary>The <c>GitWorkflow</c> configuration section.</summary>
public sealed class GitWorkflowOptions : IValidatableObject
{
    public const string Section = "GitWorkflow";

    /// <summary>Hosts (or host:port) runs may clone over https; empty: the hosts of the configured GitHub and GitLab.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Hosts (or host:port) that are GitLab; empty: the host of <c>GitLab:ApiUrl</c>. Every other host is GitHub.</summary>
    public List<string> GitLabHosts { get; set; } = [];

    /// <summary>Local paths, <c>file://</c> and loopback <c>http://</c> repositories: for tests and workstations only.</summary>
    public bool AllowLocalRepositories { get; set; }

    /// <summary>The token git commands send; the original's <c>GIT_TOKEN</c> sets it. Unset: the GitHub or GitLab token of the host.</summary>
    public string? GitToken { get; set; }

    [Range(1, 64)]
    public int MaxConcurrentRuns { get; set; } = 2;

    /// <summary>How long one run may take, every step and retry included.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RunTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long an executor's claim on a run holds without renewal (it renews every third of it while the run goes on). A run whose
    /// claim lapsed (its process died) is taken over by another executor, which resumes it after its last lasting step.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long the record of an ended run (its request and steps) is kept.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often records older than <see cref="Retention"/> are looked for.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long one git command may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan GitCommandTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long one run of the coding agent may take before its process tree is killed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan AgentTimeout { get; set; } = TimeSpan.FromMinutes(20);

    /// <summary>How often the agent is run until it changes something.</summary>
    [Range(1, 10)]
    public int AgentAttempts { get; set; } = 3;

    /// <summary>How often a step failing for a transient cause (network, 5xx) is tried.</summary>
    [Range(1, 10)]
    public int StepAttempts { get; set; } = 3;

    /// <summary>The wait before trying a failed step again; doubled each time.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How much of a step's output is kept in its record.</summary>
    [Range(1024, 1024 * 1024)]
    public int OutputLimit { get; set; } = 16 * 1024;

    /// <summary>Where runs clone; each run works in a directory of its own under it, removed when the run ends.</summary>
    public string WorkDirectory { get; set; } = Path.Combine(Path.GetTempPath(), "micro-gitworkflow");

    /// <summary>The identity of commits when a request names none.</summary>
    [Required]
    public string GitUser { get; set; } = "Micro";

    [Required]
    public string GitEmail { get; set; } = "micro@localhost";

    /// <summary>Coding agents by name; <c>pluscoder</c> is there by default with the original's command line.</summary>
    public Dictionary<string, AgentSettings> Agents { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The agent a request that names none uses.</summary>
    [Required]
    public string DefaultAgent { get; set; } = AgentSettings.PlusCoder;

    public AgentSettings? Agent(string name) =>
        Agents.TryGetValue(name, out var agent) ? agent
        : string.Equals(name, AgentSettings.PlusCoder, StringComparison.OrdinalIgnoreCase) ? AgentSettings.PlusCoderDefault
        : null;

    public void ApplyAliases(IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(GitToken) && configuration["GIT_TOKEN"] is { Length: > 0 } token)
            GitToken = token;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, agent) in Agents)
        {
            if (string.IsNullOrWhiteSpace(agent.Command))
                yield return new ValidationResult($"agent '{name}' has no Command", [nameof(Agents)]);
        }

        if (Agent(DefaultAgent) is null)
            yield return new ValidationResult($"'{DefaultAgent}' is not a configured agent", [nameof(DefaultAgent)]);
    }
}
