using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Micro.Rerun.Tests;
using Micro.Testing;
using Micro.Testing.Fakes;

namespace Micro.EndToEnd.Tests;

/// <summary>
/// The distributed topology as <c>deploy/local/distributed.sh</c> starts it (gateway, ingestion, rerun, PR lock as processes; RabbitMQ;
/// a PostgreSQL database each), configured the way a user's environment would: GitHub's signed webhooks and a pipeline's request
/// come in at the gateway, and the rerun service calls (fake) GitHub and CircleCI.
/// </summary>
public sealed class DistributedRerunTests
{
    [Fact]
    public async Task Failed_jobs_and_a_CircleCI_workflow_are_rerun_through_the_gateway()
    {
        await using var gitHub = await FakeGitHub.Start();
        await using var circleCi = await FakeCircleCi.Start();
        await using var topology = await DistributedTopology.Start(new Dictionary<string, string>
        {
            ["GITHUB_WEBHOOK_SECRET"] = RerunApiCalls.WebhookSecret,
            ["GitHub__ApiUrl"] = gitHub.ApiUrl.ToString(),
            ["GITHUB_TOKEN"] = FakeGitHub.Token,
            ["CircleCi__ApiUrl"] = circleCi.ApiUrl.ToString(),
            ["CIRCLE_CI_TOKEN"] = FakeCircleCi.Token,
            ["Rerun__Delay"] = "00:00:00",
        });
        using var gateway = topology.Client();

        var failed = new RunWebhooks("acme/api", RunId: 4100);
        var passed = new RunWebhooks("acme/api", RunId: 4101);
        gitHub.SetWorkflowRun(failed.Repository, failed.RunId, "completed", "failure");
        gitHub.SetWorkflowRun(passed.Repository, passed.RunId, "completed", "success");
        await gateway.DeliverAll(failed.Jobs((1, "success"), (2, "failure")));
        await gateway.DeliverAll(passed.Jobs((3, "success")));

        Assert.Equal("rerun-requested", (await gateway.AttemptIn("decided", failed.Repository, failed.RunId)).Decision());
        Assert.Equal("no-failure", (await gateway.Decided(passed.Repository, passed.RunId)).Decision());
        Assert.Equal([(failed.RunId, 1)], gitHub.Reruns.Select(rerun => (rerun.RunId, rerun.RunAttempt)));

        gitHub.SetBranches("acme/core-api", "main", "release/1.4");
        circleCi.AddProject("gh/acme/core-api");
        var workflow = circleCi.AddWorkflow(circleCi.AddPipeline("gh/acme/core-api", "release/1.4"), "deploy_staging", "failed");
        using var accepted = await gateway.PostAsJsonAsync("/api/rerun/circleci", new
        {
            githubRepository = "acme/core-api",
            branchPrefix = "release/",
            projectSlug = "gh/acme/core-api",
            workflowName = "deploy_staging",
        });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var id = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        JsonElement request = default;
        await Eventually.True(async () =>
        {
            request = await gateway.GetFromJsonAsync<JsonElement>($"/api/rerun/circleci/{id}");
            return request.GetProperty("state").GetString() == "done";
        }, "the CircleCI rerun request is done");
        Assert.Equal("rerun-requested", request.GetProperty("outcome").GetString());
        Assert.Equal(workflow, Assert.Single(circleCi.Reruns).WorkflowId);
    }
}
