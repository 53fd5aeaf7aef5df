using System.Text.Json;
using Micro.Contracts.GitHub;

namespace Micro.Ingestion.Normalization;

static class PullRequestMapping
{
    public static PullRequestEvent? Map(GitHubEventOrigin origin, string? action, JsonElement payload)
    {
        if (PayloadReader.Action<PullRequestAction>(action) is not { } known)
            return null;

        var pullRequest = payload.RequiredObject("pull_request");
        var head = pullRequest.RequiredObject("head");
        var number = payload.Int64("number") ?? pullRequest.RequiredInt64("number", "pull_request.number");
        return new PullRequestEvent(
            origin,
            known,
            (int)number,
            head.RequiredString("ref", "pull_request.head.ref"),
            head.RequiredString("sha", "pull_request.head.sha"),
            pullRequest.RequiredObject("base").RequiredString("ref", "pull_request.base.ref"),
            pullRequest.Object("user")?.String("login"),
            pullRequest.Boolean("merged"),
            pullRequest.Time("updated_at"));
    }
}
