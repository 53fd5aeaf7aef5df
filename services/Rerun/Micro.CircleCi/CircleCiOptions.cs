using System.ComponentModel.DataAnnotations;
using Micro.ServiceDefaults;
using Microsoft.Extensions.Configuration;

namespace Micro.CircleCi;

/// <summary>The <c>CircleCi</c> configuration section: where CircleCI's API v2 is and how Micro signs in to it.</summary>
public sealed class CircleCiOptions : SaasApiOptions, IValidatableObject
{
    public const string Section = "CircleCi";

    /// <summary>The variable the old rerun tool read the token from; honoured so its users need not rename anything.</summary>
    public const string TokenAlias = "CIRCLE_CI_TOKEN";

    [Required]
    public Uri ApiUrl { get; set; } = new("https://circleci.com/api/v2");

    /// <summary>A personal API token, sent as the <c>Circle-Token</c> header (project tokens do not work on API v2).</summary>
    public string? Token { get; set; }

    /// <summary>
    /// Comma-separated workflow statuses that count as "still going": a workflow in one of them is not re-run. CircleCI keeps a held
    /// or failing workflow alive, so re-running it would start a second copy beside the first.
    /// </summary>
    public string InFlightStatuses { get; set; } = "running,on_hold,failing";

    public bool IsInFlight(string status) => InFlight.Contains(status);

    IEnumerable<string> InFlight => InFlightStatuses.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Token);

    public void ApplyAliases(IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(Token) && configuration[TokenAlias] is { Length: > 0 } token)
            Token = token;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!ApiUrl.IsAbsoluteUri || ApiUrl.Scheme is not ("https" or "http"))
            yield return new ValidationResult("must be an absolute http(s) URL such as https://circleci.com/api/v2", [nameof(ApiUrl)]);
        if (!IsInFlight("running"))
            yield return new ValidationResult("must contain 'running': a running workflow is never re-run", [nameof(InFlightStatuses)]);
    }
}
