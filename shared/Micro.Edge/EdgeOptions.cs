using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Micro.Edge;

/// <summary>The <c>Gateway</c> configuration section: how the public door treats requests before any service sees them.</summary>
public sealed class EdgeOptions : IValidatableObject
{
    public const string Section = "Gateway";

    /// <summary>
    /// Bearer tokens accepted on <c>/api/**</c>. None configured means the admin API is open (a warning is logged at start).
    /// The environment variable <c>MICRO_API_TOKEN</c> adds one.
    /// </summary>
    public List<string> ApiTokens { get; set; } = [];

    [Required]
    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Largest webhook body let through, GitHub's own cap by default.</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public long WebhookBodyLimitBytes { get; set; } = 25 * 1024 * 1024;

    public bool RequiresApiToken => ApiTokens.Count > 0;

    /// <summary>Adds the <c>MICRO_API_TOKEN</c> alias and drops blank entries (an unset variable in a compose file reads as blank).</summary>
    public void ApplyAliases(IConfiguration configuration)
    {
        if (configuration["MICRO_API_TOKEN"] is { Length: > 0 } token && !ApiTokens.Contains(token))
            ApiTokens.Add(token);
        ApiTokens.RemoveAll(string.IsNullOrWhiteSpace);
    }

    // Data annotations stop at the top level; without this a zero permit limit would fail on the first API call, not at start.
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(RateLimit, new ValidationContext(RateLimit), results, validateAllProperties: true);
        return results.Select(result => new ValidationResult(
            result.ErrorMessage, result.MemberNames.Select(member => $"{nameof(RateLimit)}:{member}").ToList()));
    }
}

/// <summary><c>Gateway:RateLimit</c>: a fixed window per client on <c>/api/**</c>.</summary>
public sealed class RateLimitOptions
{
    [Range(1, 1_000_000)]
    public int PermitLimit { get; set; } = 600;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    [Range(0, 10_000)]
    public int QueueLimit { get; set; }
}
