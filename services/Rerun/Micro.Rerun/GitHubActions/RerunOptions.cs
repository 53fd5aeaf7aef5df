using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Micro.Rerun.GitHubActions;

/// <summary>
/// The <c>Rerun</c> configuration section: when failed GitHub Actions jobs are re-run. The old re-runner's environment variables
/// <c>RUN_ATTEMPTS</c>, <c>NO_RETRY_LIST</c> and <c>REPO_BRANCHES</c> are read as aliases.
/// </summary>
public sealed class RerunOptions : IValidatableObject
{
    public const string Section = "Rerun";

    /// <summary>Job conclusions that count as failed unless configured otherwise.</summary>
    public static readonly IReadOnlyList<string> DefaultConclusions = ["failure"];

    /// <summary>Every conclusion GitHub gives a job or a run; anything else in the configuration is a typo.</summary>
    static readonly string[] KnownConclusions =
        ["action_required", "cancelled", "failure", "neutral", "skipped", "stale", "startup_failure", "success", "timed_out"];

    string? aliasError;

    /// <summary>Attempts numbered this or higher are not re-run: 4 means a run is re-run at most 3 times. Alias <c>RUN_ATTEMPTS</c>.</summary>
    [Range(1, 50)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>GitHub logins whose runs are never re-run. Alias <c>NO_RETRY_LIST</c> (comma separated).</summary>
    public List<string> ExcludedActors { get; set; } = [];

    /// <summary>When not empty, only runs on a matching branch are re-run (<c>*</c> within a segment, <c>**</c> across). Alias <c>REPO_BRANCHES</c>.</summary>
    public List<string> Branches { get; set; } = [];

    /// <summary>Job conclusions that make a run attempt worth re-running; <see cref="DefaultConclusions"/> when not set.</summary>
    public List<string>? Conclusions { get; set; }

    /// <summary>How long after the final job the re-run is requested, as the old tool waited.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan Delay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Decide and record, but call nothing.</summary>
    public bool DryRun { get; set; }

    /// <summary>Per-repository policy (<c>owner/name</c>, any case): what is set there replaces the defaults above.</summary>
    public Dictionary<string, RepositoryRerunPolicy> Repositories { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>How long to wait before asking GitHub again about a run it still reports as in progress.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RecheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First wait after a server error without <c>Retry-After</c>; it doubles with each further error.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often one run attempt is taken up with GitHub (errors, still in progress) before giving up on it.</summary>
    [Range(1, 100)]
    public int GitHubAttempts { get; set; } = 10;

    /// <summary>How often due re-runs are looked for when nothing signals one.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the record of an attempt is kept after its last change (attempts waiting for a call to GitHub are kept).</summary>
    [Range(typeof(TimeSpan), "01:00:00", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often records older than <see cref="Retention"/> are deleted.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The policy for one repository: its overrides over the defaults.</summary>
    public RerunPolicy For(string repository)
    {
        var specific = Repositories.GetValueOrDefault(repository);
        return new RerunPolicy(
            specific?.MaxAttempts ?? MaxAttempts,
            specific?.ExcludedActors ?? ExcludedActors,
            specific?.Branches ?? Branches,
            specific?.Conclusions ?? Conclusions ?? DefaultConclusions);
    }

    /// <summary>Reads the old tool's variables where the section leaves a setting unset; lists are added to.</summary>
    public void ApplyAliases(IConfiguration configuration)
    {
        if (configuration[$"{Section}:{nameof(MaxAttempts)}"] is null && configuration["RUN_ATTEMPTS"] is { Length: > 0 } attempts)
        {
            if (int.TryParse(attempts, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
                MaxAttempts = parsed;
            else
                aliasError = $"RUN_ATTEMPTS must be a whole number, not '{attempts}'";
        }

        AddCommaSeparated(ExcludedActors, configuration["NO_RETRY_LIST"]);
        AddCommaSeparated(Branches, configuration["REPO_BRANCHES"]);
        ExcludedActors.RemoveAll(string.IsNullOrWhiteSpace);
        Branches.RemoveAll(string.IsNullOrWhiteSpace);
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (aliasError is not null)
            yield return new ValidationResult(aliasError, [nameof(MaxAttempts)]);

        foreach (var error in UnknownConclusions(Conclusions, nameof(Conclusions)))
            yield return error;

        foreach (var (repository, policy) in Repositories)
        {
            var key = $"{nameof(Repositories)}:{repository}";
            if (repository.Split('/') is not [{ Length: > 0 }, { Length: > 0 }])
                yield return new ValidationResult($"'{repository}' is not a repository: use owner/name", [key]);
            if (policy.MaxAttempts is < 1 or > 50)
                yield return new ValidationResult("MaxAttempts must be from 1 to 50", [$"{key}:{nameof(RepositoryRerunPolicy.MaxAttempts)}"]);
            foreach (var error in UnknownConclusions(policy.Conclusions, $"{key}:{nameof(RepositoryRerunPolicy.Conclusions)}"))
                yield return error;
        }
    }

    static IEnumerable<ValidationResult> UnknownConclusions(List<string>? conclusions, string key)
    {
        var unknown = (conclusions ?? []).Where(conclusion => !KnownConclusions.Contains(conclusion)).ToList();
        if (unknown.Count > 0)
            yield return new ValidationResult($"unknown conclusion {string.Join(", ", unknown)}; known: {string.Join(", ", KnownConclusions)}", [key]);
    }

    static void AddCommaSeparated(List<string> list, string? value)
    {
        foreach (var item in (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!list.Contains(item, StringComparer.OrdinalIgnoreCase))
                list.Add(item);
        }
    }
}

/// <summary>One repository's overrides in <c>Rerun:Repositories:{owner/name}</c>; what is not set falls back to the defaults.</summary>
public sealed class RepositoryRerunPolicy
{
    public int? MaxAttempts { get; set; }

    public List<string>? ExcludedActors { get; set; }

    public List<string>? Branches { get; set; }

    public List<string>? Conclusions { get; set; }
}
