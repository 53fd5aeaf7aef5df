using System.ComponentModel.DataAnnotations;

namespace Micro.Ingestion.Deliveries;

/// <summary>How long the delivery log keeps deliveries: the <c>Ingestion:Retention</c> and <c>Ingestion:RetentionSweepInterval</c> keys.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Ingestion";

    /// <summary>Deliveries received longer ago than this are deleted, with their outbox rows.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "3650.00:00:00")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How often old deliveries are looked for.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan RetentionSweepInterval { get; set; } = TimeSpan.FromHours(1);
}
