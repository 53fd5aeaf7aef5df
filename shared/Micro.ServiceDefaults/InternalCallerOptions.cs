using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace Micro.ServiceDefaults;

/// <summary>
/// The <c>Internal</c> configuration section: the secret the gateway adds to every request it forwards (header
/// <see cref="Header"/>), and that a service behind it asks of every <c>/api/**</c> call. The same key on both sides.
/// </summary>
public sealed class InternalCallerOptions
{
    public const string Section = "Internal";

    public const string Header = "X-Micro-Internal";

    /// <summary>The shared secret; the environment variable <c>MICRO_INTERNAL_TOKEN</c> sets it too. None: services accept any caller.</summary>
    [MinLength(16, ErrorMessage = "must be at least 16 characters: a random secret shared by the gateway and the services")]
    public string? Token { get; set; }

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Token);

    /// <summary>Reads the <c>MICRO_INTERNAL_TOKEN</c> alias; a blank value (an unset compose variable) counts as none.</summary>
    public void ApplyAliases(IConfiguration configuration)
    {
        if (configuration["MICRO_INTERNAL_TOKEN"] is { Length: > 0 } token)
            Token = token;
        if (string.IsNullOrWhiteSpace(Token))
            Token = null;
    }
}
