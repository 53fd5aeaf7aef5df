using System.Text.Json;

namespace Micro.GitHub;

static class GitHubJson
{
    /// <summary>GitHub's REST API speaks snake_case.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };
}
