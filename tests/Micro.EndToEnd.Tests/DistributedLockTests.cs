using Micro.PrLock.Tests;
using Micro.Testing;

namespace Micro.EndToEnd.Tests;

/// <summary>
/// The distributed topology as <c>deploy/local/distributed.sh</c> starts it (gateway, ingestion, PR lock; RabbitMQ; a PostgreSQL
/// database each): a pipeline's script and GitHub's signed webhooks reach the lock through the gateway.
/// </summary>
public sealed class DistributedLockTests
{
    [Fact]
    public async Task Pipelines_and_a_merged_pull_request_move_the_lock_through_the_gateway()
    {
        await using var topology = await DistributedTopology.Start();
        using var gateway = topology.Client();
        var pipeline = new Dictionary<string, string>
        {
            ["MICRO_URL"] = topology.Gateway.ToString(),
            ["MICRO_REPOSITORY"] = PullRequestWebhooks.Repository,
            ["MICRO_TOKEN"] = DistributedTopology.ApiToken,
        };

        var first = await PipelineScript.Invoke(pipeline, "acquire", "shared", "21");
        var second = await PipelineScript.Invoke(pipeline, "acquire", "shared", "22");
        await PullRequestWebhooks.Deliver(gateway, "closed", 21, merged: true, DistributedTopology.WebhookSecret);

        Assert.Equal(0, first.ExitCode);
        Assert.Equal((1, "Locked by PullRequest: 21, Current Status: Started\n"), (second.ExitCode, second.Output));
        await Eventually.True(async () =>
        {
            var state = await (await gateway.GetAsync("/api/locks/shared")).Json();
            return state.Number("holder") == 22;
        }, "the merged pull request's lock went to the one waiting");
        var resumed = await PipelineScript.Invoke(pipeline, "acquire", "shared", "22");
        Assert.Equal((0, "Skip update State. PullRequest: 22 holds shared, Current Status: Started\n"), (resumed.ExitCode, resumed.Output));
    }
}
