using System.ComponentModel.DataAnnotations;

namespace Micro.ServiceDefaults;

/// <summary>The call limits every SaaS API's configuration section (GitHub, CircleCI) carries, with the same defaults and bounds.</summary>
public abstract class SaasApiOptions
{
    /// <summary>How long one API call may take, its retries included.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a read (GET) is repeated after a connection error or a server error, within <see cref="Timeout"/>.</summary>
    [Range(1, 10)]
    public int RetryAttempts { get; set; } = 3;

    /// <summary>The first wait before repeating a read; it doubles with each repeat, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    public ApiCallLimits CallLimits => new(Timeout, RetryAttempts, RetryDelay);
}
