using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Micro.Edge;

/// <summary>Stops the start of a door that would leave <c>/api/**</c> open without anyone having chosen that.</summary>
sealed class ApiAccessValidation(EdgeHost host, IConfiguration configuration) : IValidateOptions<EdgeOptions>
{
    public ValidateOptionsResult Validate(string? name, EdgeOptions options)
    {
        var access = ApiAccess.Decide(options, host, configuration);
        if (access.Mode != ApiAccessMode.Refused)
            return ValidateOptionsResult.Success;

        var where = host == EdgeHost.Standalone
            ? $" The standalone host stays open without tokens only while it listens on loopback alone; it is set to listen on {string.Join(", ", access.Addresses)}."
            : "";
        return ValidateOptionsResult.Fail(
            $"{EdgeOptions.Section}:{nameof(EdgeOptions.ApiTokens)}, {EdgeOptions.Section}:{nameof(EdgeOptions.AllowAnonymousApi)}: " +
            $"no API token is configured: set {EdgeOptions.Section}:{nameof(EdgeOptions.ApiTokens)}:0 (or MICRO_API_TOKEN) for pipelines and " +
            $"{EdgeOptions.Section}:{nameof(EdgeOptions.AdminTokens)}:0 (or MICRO_ADMIN_TOKEN) for admin actions, or " +
            $"{EdgeOptions.Section}:{nameof(EdgeOptions.AllowAnonymousApi)}=true to leave /api/** open to anyone who can reach it, admin actions included." + where);
    }
}
