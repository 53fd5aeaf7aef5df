namespace Micro.ServiceDefaults;

/// <summary>How long a call to a SaaS API may take, and how its idempotent requests are retried within that time.</summary>
/// <param name="Timeout">The deadline of a call, its retries included.</param>
/// <param name="RetryAttempts">How often a GET or HEAD is repeated after a connection error or a server error.</param>
/// <param name="RetryDelay">The first wait before a repeat; it grows exponentially, with jitter.</param>
public sealed record ApiCallLimits(TimeSpan Timeout, int RetryAttempts, TimeSpan RetryDelay);
