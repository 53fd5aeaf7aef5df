using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Micro.Edge;

/// <summary>The <c>Gateway</c> configuration section: how the public door treats requests before any service sees them.</summary>
public sealed class EdgeOptions : IValidatableObject
{
    public const string Section = "Gateway";

    /// <summary>
    /// Pipeline tokens: bearer tokens accepted on <c>/api/**</c> for everything but the admin actions of <see cref="AdminActions"/>.
    /// The environment variable <c>MICRO_API_TOKEN</c> adds one.
    /// </summary>
    public List<string> ApiTokens { get; set; } = [];

    /// <summary>Admin tokens: accepted everywhere on <c>/api/**</c>, and needed for admin actions. <c>MICRO_ADMIN_TOKEN</c> adds one.</summary>
    public List<string> AdminTokens { get; set; } = [];

    /// <summary>
    /// Leave <c>/api/**</c> open, admin actions included, when no token is configured. Without it (and without tokens) the gateway
    /// refuses to start; the standalone host starts only while it listens on loopback alone.
    /// </summary>
    public bool AllowAnonymousApi { get; set; }

    [Required]
    public RateLimitOptions RateLimit { get; set; } = new();

    /// <summary>Largest webhook body let through, GitHub's own cap by default.</summary>
    [Range(1024, 100 * 1024 * 1024)]
    public long WebhookBodyLimitBytes { get; set; } = 25 * 1024 * 1024;

    public bool HasTokens => ApiTokens.Count > 0 || AdminTokens.Count > 0;

    /// <summary>
    /// Adds the <c>MICRO_API_TOKEN</c> and <c>MICRO_ADMIN_TOKEN</c> aliases and drops blank entries (an unset variable in a compose
    /// file reads as blank).
    /// </summary>
    public void ApplyAliases(IConfiguration configuration)
    {
        AddAlias(ApiTokens, configuration["MICRO_API_TOKEN"]);
        AddAlias(AdminTokens, configuration["MICRO_ADMIN_TOKEN"]);
    }

    static void AddAlias(List<string> tokens, string? alias)
    {
        if (alias is { Length: > 0 } && !tokens.Contains(alias))
            tokens.Add(alias);
        tokens.RemoveAll(string.IsNullOrWhiteSpace);
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
