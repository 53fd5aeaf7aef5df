using System.ComponentModel.DataAnnotations;

namespace Micro.Messaging.Redelivery;

/// <summary><c>Messaging:Redelivery</c>: when a message that failed after its retries is tried again, and for how long.</summary>
public sealed class RedeliveryPolicy : IValidatableObject
{
    public const string Section = "Messaging:Redelivery";

    /// <summary>The waits before each redelivery; the last one repeats.</summary>
    public List<TimeSpan> Delays { get; set; } = [];

    /// <summary>How long after its first failure a message is still redelivered; after that it is a dead letter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// How often the store is looked at when nothing is due sooner. A relay sleeps until its next message is due and is woken when
    /// its process keeps one, so this only bounds how late a message kept by a replica that stopped meanwhile is redelivered.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>About 30 s, 2 min, 10 min, then hourly: a restart or a rate limit is outlasted without hammering what failed.</summary>
    public static readonly IReadOnlyList<TimeSpan> DefaultDelays =
        [TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10), TimeSpan.FromHours(1)];

    public TimeSpan DelayBefore(int attempt)
    {
        var delays = Delays.Count > 0 ? Delays : DefaultDelays;
        return delays[Math.Clamp(attempt - 1, 0, delays.Count - 1)];
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Delays.Any(delay => delay < TimeSpan.Zero || delay > TimeSpan.FromDays(1)))
            yield return new ValidationResult("each delay must be from 00:00:00 to 1.00:00:00", [nameof(Delays)]);
    }
}
