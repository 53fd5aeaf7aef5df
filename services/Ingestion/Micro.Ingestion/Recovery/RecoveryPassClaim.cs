namespace Micro.Ingestion.Recovery;

/// <summary>When a replica last started a recovery pass: one row all replicas claim in turn, so they do not each make every pass.</summary>
public sealed class RecoveryPassClaim
{
    public const string WebhookRecovery = "webhook-recovery";

    public required string Name { get; init; }

    public DateTime StartedAt { get; set; }
}
