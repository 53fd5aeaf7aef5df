using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;
using Micro.GitHub;

namespace Micro.Rerun.CircleCi;

/// <summary>The <c>Rerun:CircleCi</c> section: the rules, and how long a requested re-run is held in flight.</summary>
public sealed partial class CircleCiRerunOptions : IValidatableObject
{
    public const string Section = "Rerun:CircleCi";

    public List<CircleCiRerunRule> Rules { get; set; } = [];

    /// <summary>How often re-runs in flight are checked on CircleCI (and requests left unpublished are published again).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a requested re-run may stay out of CircleCI's lists before the workflow is released anyway.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a requested re-run is held in flight at most, however long the workflow runs.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan InFlightTimeout { get; set; } = TimeSpan.FromHours(2);

    /// <summary>A request still queued after this is published again (its first publication may have been lost).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan RequeueAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A request whose procedure has not reported back after this is given its turn again (its worker may have died).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "1.00:00:00")]
    public TimeSpan ExecutionTimeout { get; set; } = TimeSpan.FromMinutes(10);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var index = 0; index < Rules.Count; index++)
        {
            var rule = Rules[index];
            var key = $"{nameof(Rules)}:{index}:";
            if (!GitHubPaths.IsRepository(rule.Repository))
                yield return new ValidationResult("must be a repository of the form owner/name", [key + nameof(rule.Repository)]);
            if (string.IsNullOrWhiteSpace(rule.HeadBranch))
                yield return new ValidationResult("must be a branch or a glob such as hotfix/*", [key + nameof(rule.HeadBranch)]);
            if (string.IsNullOrWhiteSpace(rule.BaseBranch))
                yield return new ValidationResult("must be a branch or a glob such as master", [key + nameof(rule.BaseBranch)]);
            if (string.IsNullOrWhiteSpace(rule.BranchPrefix))
                yield return new ValidationResult("is required, e.g. release/", [key + nameof(rule.BranchPrefix)]);
            if (!IsProjectSlug(rule.ProjectSlug))
                yield return new ValidationResult("must be a CircleCI project slug such as gh/acme/core-api", [key + nameof(rule.ProjectSlug)]);
            if (string.IsNullOrWhiteSpace(rule.WorkflowName))
                yield return new ValidationResult("is required, e.g. deploy_staging", [key + nameof(rule.WorkflowName)]);
        }
    }

    /// <summary><c>vcs/org/repo</c>, as CircleCI names projects.</summary>
    public static bool IsProjectSlug(string? slug) => slug is not null && ProjectSlugPattern().IsMatch(slug);

    [GeneratedRegex(@"^[^/\s]+/[^/\s]+/[^/\s]+$")]
    private static partial Regex ProjectSlugPattern();
}
