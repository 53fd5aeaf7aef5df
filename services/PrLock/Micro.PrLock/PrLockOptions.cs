using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Micro.PrLock.Locks;

namespace Micro.PrLock;

/// <summary>The <c>PrLock</c> configuration section.</summary>
public sealed class PrLockOptions : IValidatableObject
{
    public const string Section = "PrLock";

    /// <summary>How long a lock lasts after its last change; the old tool's 6 days. The alias <c>EXPIRE_DURATION_DAYS</c> sets it in days.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "365.00:00:00")]
    public TimeSpan ExpireDuration { get; set; } = TimeSpan.FromDays(6);

    /// <summary>How often expired locks with pull requests waiting are released; at most a minute, as the issue promises.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a lock handed to a waiting pull request is kept for it before it passes on to the next (or is released), unless its
    /// pipeline takes it up: asks again (<c>resumed</c>) or reports a transition.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan GrantTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Per environment settings, e.g. <c>PrLock:Environments:pr:Repository=owner/name</c>.</summary>
    public Dictionary<string, EnvironmentSettings> Environments { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    string? unreadableDays;

    /// <summary>The repository whose pull requests use <paramref name="environment"/>, when configured.</summary>
    public string? RepositoryOf(string environment) =>
        Environments.TryGetValue(environment, out var settings) && settings.Repository is { } repository ? RepositoryName.Canonical(repository) : null;

    public void ApplyAliases(IConfiguration configuration)
    {
        // The section's own key wins: the alias is for users of the old tool who set nothing else.
        if (configuration[$"{Section}:{nameof(ExpireDuration)}"] is { Length: > 0 } || configuration["EXPIRE_DURATION_DAYS"] is not { Length: > 0 } days)
            return;
        if (double.TryParse(days, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is > 0 and <= 365)
            ExpireDuration = TimeSpan.FromDays(value);
        else
            unreadableDays = days;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (unreadableDays is not null)
            yield return new ValidationResult($"EXPIRE_DURATION_DAYS must be a number of days above 0 and at most 365, not '{unreadableDays}'", [nameof(ExpireDuration)]);

        foreach (var (name, settings) in Environments)
        {
            if (!EnvironmentNames.IsValid(name))
                yield return new ValidationResult($"'{name}' is not a valid environment name ({EnvironmentNames.Rule})", [nameof(Environments)]);
            if (settings.Repository is { } repository && !RepositoryName.IsValid(repository))
                yield return new ValidationResult($"{name}:Repository must be owner/name, not '{repository}'", [nameof(Environments)]);
        }
    }
}

public sealed class EnvironmentSettings
{
    /// <summary>The GitHub repository (<c>owner/name</c>) whose pull requests deploy to the environment.</summary>
    public string? Repository { get; set; }
}
