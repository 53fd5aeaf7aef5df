using System.ComponentModel.DataAnnotations;

namespace Micro.Console;

/// <summary>The <c>Console</c> configuration section.</summary>
public sealed class ConsoleOptions : IValidatableObject
{
    public const string Section = "Console";

    /// <summary>
    /// Where the console calls Micro's API (the gateway, or the standalone host). Unset, it is the host's own address: the console
    /// served by the gateway goes through the gateway, the one served by the standalone host calls that host's own API.
    /// </summary>
    public Uri? ApiUrl { get; set; }

    /// <summary>Links to runs and repositories point here.</summary>
    [Required]
    public Uri GitHubUrl { get; set; } = new("https://github.com/");

    /// <summary>How long one API call of a page may take before the page says the API did not answer.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan ApiTimeout { get; set; } = TimeSpan.FromSeconds(15);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, url) in new[] { (nameof(ApiUrl), ApiUrl), (nameof(GitHubUrl), GitHubUrl) })
        {
            if (url is not null && (!url.IsAbsoluteUri || url.Scheme is not ("http" or "https")))
                yield return new ValidationResult($"{name} must be an absolute http or https URL", [name]);
        }
    }
}
