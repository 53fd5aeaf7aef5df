namespace Micro.Ingestion.Publishing;

static class MessageHeaders
{
    /// <summary>The webhook delivery an event came from, on every published message, for tracing it back to the delivery log.</summary>
    public const string GitHubDelivery = "Micro-GitHub-Delivery";
}
