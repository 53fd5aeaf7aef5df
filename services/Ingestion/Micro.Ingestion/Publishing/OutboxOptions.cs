using System.ComponentModel.DataAnnotations;

namespace Micro.Ingestion.Publishing;

/// <summary>The <c>Ingestion:Outbox</c> configuration section.</summary>
public sealed class OutboxOptions
{
    public const string Section = "Ingestion:Outbox";

    /// <summary>How often the outbox is looked at when nothing wakes it (rows left by another replica, retries that came due).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Events published per outbox transaction.</summary>
    [Range(1, 1000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>
    /// How long the poller leaves a fresh delivery's row to the in-memory dispatcher before publishing it itself: after a crash,
    /// accepted deliveries are published this long after the restart.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan DispatchHoldBack { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one publish may wait for the broker's confirmation before it counts as failed and is retried later.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan PublishTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Failed attempts after which a row is parked: skipped by the poller, logged, counted, shown in the delivery log, until a replay
    /// retries it. Only failures that may be the event's own fault count (see <see cref="PublishFailure"/>): a broker that is down or
    /// does not confirm in time fails every row alike and only has to be waited out, so an outage of hours parks nothing. With the
    /// poller's backoff (2 s doubling to 60 s), 10 attempts are several minutes of an event failing while others go out.
    /// </summary>
    [Range(1, 1000)]
    public int MaxAttempts { get; set; } = 10;
}
