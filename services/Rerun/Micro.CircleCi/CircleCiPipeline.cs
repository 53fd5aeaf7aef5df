namespace Micro.CircleCi;

/// <summary>The fields Micro uses of an item of <c>GET /project/{slug}/pipeline</c>.</summary>
public sealed record CircleCiPipeline(string Id, long Number, DateTimeOffset CreatedAt, string State, string? Branch);
