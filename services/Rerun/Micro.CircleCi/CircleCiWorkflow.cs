namespace Micro.CircleCi;

/// <summary>The fields Micro uses of an item of <c>GET /pipeline/{id}/workflow</c>.</summary>
public sealed record CircleCiWorkflow(string Id, string Name, string Status, DateTimeOffset CreatedAt, string PipelineId);
