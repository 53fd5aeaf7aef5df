namespace Micro.Ingestion.Normalization;

/// <summary>What a delivery turns into: an integration event to publish, or a reason to keep it only for the record.</summary>
public abstract record NormalizedEvent
{
    public sealed record Publish(object Message) : NormalizedEvent;

    public sealed record Ignore(string Reason) : NormalizedEvent;
}
