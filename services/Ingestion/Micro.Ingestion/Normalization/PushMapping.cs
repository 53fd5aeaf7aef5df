using System.Text.Json;
using Micro.Contracts.GitHub;

namespace Micro.Ingestion.Normalization;

static class PushMapping
{
    public static PushEvent Map(GitHubEventOrigin origin, JsonElement payload) =>
        new(
            origin,
            payload.RequiredString("ref", "ref"),
            payload.RequiredString("before", "before"),
            payload.RequiredString("after", "after"),
            payload.Boolean("created"),
            payload.Boolean("deleted"));
}
