using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Micro.Persistence.Outbox;
using Micro.Rerun.Data;
using Micro.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Micro.Testing.Fakes;

namespace Micro.Rerun.CircleCi.Tests.Service;

/// <summary><c>/api/rerun/circleci</c> in the standalone composition, against fake GitHub and CircleCI servers.</summary>
public sealed class CircleCiRerunApiTests : FakeApiTests
{
    [Fact]
    public async Task A_request_is_accepted_and_its_rerun_reported_with_the_new_workflow()
    {
        var workflow = GivenWorkflow("failed");
        await using var service = await RerunService.Standalone(GitHub, CircleCi);

        var id = await service.Request();
        var done = await service.Completed(id);

        var rerun = Assert.Single(CircleCi.Reruns);
        Assert.Equal(workflow, rerun.WorkflowId);
        Assert.Equal(("rerun-requested", rerun.NewWorkflowId, "release/1.4", workflow, "failed"),
            (done.Outcome, done.RerunWorkflowId, done.Branch, done.WorkflowId, done.WorkflowStatus));
        Assert.Equal(("api", Repository, Slug, "deploy_staging"), (done.Trigger, done.GithubRepository, done.ProjectSlug, done.WorkflowName));
    }

    [Fact]
    public async Task Requests_are_listed_newest_first_with_their_outcome_and_filtered_by_repository()
    {
        GivenWorkflow("failed");
        await using var service = await RerunService.Standalone(GitHub, CircleCi);
        var first = await service.Completed(await service.Request(dryRun: true));
        var second = await service.Request(repository: "acme/other-api", dryRun: true);

        var all = await service.Client.GetFromJsonAsync<CircleCiRerunList>("/api/rerun/circleci");
        var mine = await service.Client.GetFromJsonAsync<CircleCiRerunList>($"/api/rerun/circleci?repository={Repository}&limit=5");
        using var invalid = await service.Client.GetAsync("/api/rerun/circleci?limit=0");

        Assert.Equal([second, first.Id], all!.Items.Select(item => item.Id));
        var only = Assert.Single(mine!.Items);
        Assert.Equal((first.Id, "dry-run"), (only.Id, only.Outcome));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("limit", await invalid.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("no-branch")]
    [InlineData("ambiguous-branch")]
    [InlineData("no-pipeline")]
    [InlineData("no-workflow")]
    [InlineData("already-running")]
    [InlineData("dry-run")]
    public async Task Every_outcome_of_the_procedure_is_recorded(string outcome)
    {
        var dryRun = false;
        switch (outcome)
        {
            case "no-branch":
                GitHub.SetBranches(Repository, "main");
                break;
            case "ambiguous-branch":
                GitHub.SetBranches(Repository, "release/1.4", "release/1.5", "release/2.0");
                break;
            case "no-pipeline":
                GitHub.SetBranches(Repository, "release/1.4");
                CircleCi.AddProject(Slug);
                break;
            case "no-workflow":
                GitHub.SetBranches(Repository, "release/1.4");
                CircleCi.AddWorkflow(CircleCi.AddPipeline(Slug, "release/1.4"), "build", "failed");
                break;
            case "already-running":
                GivenWorkflow("on_hold");
                break;
            default:
                GivenWorkflow("failed");
                dryRun = true;
                break;
        }

        await using var service = await RerunService.Standalone(GitHub, CircleCi);

        var done = await service.Completed(await service.Request(dryRun: dryRun));

        Assert.Equal(outcome, done.Outcome);
        Assert.Empty(CircleCi.Reruns);
        if (outcome == "ambiguous-branch")
        {
            Assert.Equal(3, done.BranchCount);
            Assert.StartsWith("too many branches found: 3, expected at most 1", done.Detail);
        }

        if (outcome == "already-running")
            Assert.Equal("on_hold", done.WorkflowStatus);
    }

    [Theory]
    [InlineData("github", 404, "Not Found", "GitHub answered 404: Not Found")]
    [InlineData("github", 403, "Resource not accessible by integration", "GitHub answered 403: Resource not accessible by integration")]
    [InlineData("github", 500, "Server Error", "GitHub answered 500: Server Error")]
    [InlineData("circleci", 404, "Project not found", "CircleCI answered 404: Project not found")]
    [InlineData("circleci", 403, "Permission denied", "CircleCI answered 403: Permission denied")]
    [InlineData("circleci", 500, "Internal server error", "CircleCI answered 500: Internal server error")]
    public async Task An_api_error_is_recorded_as_failed_with_status_and_message(string api, int status, string message, string error)
    {
        GivenWorkflow("failed");
        if (api == "github")
            GitHub.Fail("GET", $"/repos/{Repository}/branches", status, message, times: 10);
        else
            CircleCi.Fail("GET", $"/project/{Slug}/pipeline", status, message, times: 10);
        await using var service = await RerunService.Standalone(GitHub, CircleCi);

        var done = await service.Completed(await service.Request());

        Assert.Equal("failed", done.Outcome);
        Assert.EndsWith(error, done.Error);
        Assert.Empty(CircleCi.Reruns);
    }

    [Fact]
    public async Task A_failed_rerun_call_leaves_the_workflow_free_for_the_next_request()
    {
        GivenWorkflow("failed");
        CircleCi.Fail("POST", "/workflow/", 500, "Internal server error");
        await using var service = await RerunService.Standalone(GitHub, CircleCi);

        var failed = await service.Completed(await service.Request());
        var next = await service.Completed(await service.Request());

        Assert.Equal(("failed", "rerun-requested"), (failed.Outcome, next.Outcome));
        Assert.EndsWith("CircleCI answered 500: Internal server error", failed.Error);
        Assert.Single(CircleCi.Reruns);
    }

    [Fact]
    public async Task A_rerun_call_accepted_but_answered_too_late_ends_requested_with_the_new_workflow_and_one_rerun()
    {
        GivenWorkflow("failed");
        CircleCi.RerunAnswerDelay = TimeSpan.FromSeconds(5);
        await using var service = await RerunService.Standalone(GitHub, CircleCi,
            new Dictionary<string, string?> { ["CircleCi:Timeout"] = "00:00:01" });

        var done = await service.Completed(await service.Request());

        var rerun = Assert.Single(CircleCi.Reruns);
        Assert.Equal(("rerun-requested", rerun.NewWorkflowId), (done.Outcome, done.RerunWorkflowId));
    }

    [Theory]
    [InlineData("abort")]
    [InlineData("502")]
    public async Task A_connection_reset_or_gateway_error_while_listing_pipelines_does_not_fail_the_request(string failure)
    {
        GivenWorkflow("failed");
        if (failure == "abort")
            CircleCi.Abort("GET", $"/project/{Slug}/pipeline");
        else
            CircleCi.Fail("GET", $"/project/{Slug}/pipeline", 502, "Bad Gateway");
        await using var service = await RerunService.Standalone(GitHub, CircleCi);

        var done = await service.Completed(await service.Request());

        Assert.Equal("rerun-requested", done.Outcome);
        Assert.Equal(2, CircleCi.Requests.Count(request => request.Path == $"/project/{Slug}/pipeline"));
        Assert.Single(CircleCi.Reruns);
    }

    [Theory]
    [InlineData("not json", "the answer is not JSON")]
    [InlineData("""{"items": [{"id": "x"}], "next_page_token": null}""", "a workflow has no string 'name'")]
    public async Task A_malformed_circleci_answer_is_recorded_as_failed(string body, string error)
    {
        GivenWorkflow("failed");
        CircleCi.Answer("GET", "/pipeline/", 200, body);
        await using var service = await RerunService.Standalone(GitHub, CircleCi);

        var done = await service.Completed(await service.Request());

        Assert.Equal("failed", done.Outcome);
        Assert.Contains(error, done.Error);
    }

    [Theory]
    [InlineData("CircleCi:Token", "CIRCLE_CI_TOKEN")]
    [InlineData("GitHub:Token", "GITHUB_TOKEN")]
    public async Task Without_a_token_the_request_fails_naming_the_setting(string key, string alias)
    {
        GivenWorkflow("failed");
        await using var service = await RerunService.Standalone(GitHub, CircleCi, new Dictionary<string, string?> { [key] = "" });

        var done = await service.Completed(await service.Request());

        Assert.Equal("failed", done.Outcome);
        Assert.Contains(alias, done.Error);
        Assert.Empty(CircleCi.Reruns);
    }

    [Theory]
    [InlineData("githubRepository")]
    [InlineData("branchPrefix")]
    [InlineData("projectSlug")]
    [InlineData("workflowName")]
    public async Task A_missing_field_is_a_400_naming_it(string field)
    {
        await using var service = await RerunService.Standalone(GitHub, CircleCi);
        var body = new JsonObject
        {
            ["githubRepository"] = Repository,
            ["branchPrefix"] = "release/",
            ["projectSlug"] = Slug,
            ["workflowName"] = "deploy_staging",
        };
        body.Remove(field);

        var response = await service.Post(body.ToJsonString());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.NotNull(problem["errors"]?[field]);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("""{"githubRepository": "not a repository", "branchPrefix": "release/", "projectSlug": "gh/acme/core-api", "workflowName": "w"}""")]
    [InlineData("""{"githubRepository": "acme/core-api", "branchPrefix": "release/", "projectSlug": "core-api", "workflowName": "w"}""")]
    [InlineData("""{"githubRepository": "acme/core-api", "branchPrefix": "release/", "projectSlug": "gh/acme/core-api", "workflowName": "w", "dryRun": "perhaps"}""")]
    [InlineData("""{"githubRepository": """)]
    [InlineData("")]
    public async Task Malformed_input_is_a_400_not_a_500(string body)
    {
        await using var service = await RerunService.Standalone(GitHub, CircleCi);

        var response = await service.Post(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task An_unknown_id_is_a_404()
    {
        await using var service = await RerunService.Standalone(GitHub, CircleCi);

        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync($"/api/rerun/circleci/{Guid.NewGuid()}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await service.Client.GetAsync("/api/rerun/circleci/not-an-id")).StatusCode);
    }

    [Fact]
    public async Task Requests_close_together_rerun_once_and_the_others_join_that_rerun()
    {
        // CircleCI does not list the new workflow yet: the old tool would rerun again on every trigger.
        CircleCi.RerunVisibleAfterListCalls = int.MaxValue;
        GivenWorkflow("failed");
        await using var service = await RerunService.Standalone(GitHub, CircleCi);

        var ids = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => service.Request()));
        var done = await Task.WhenAll(ids.Select(service.Completed));

        var rerun = Assert.Single(CircleCi.Reruns);
        var requested = Assert.Single(done, view => view.Outcome == "rerun-requested");
        Assert.All(done.Where(view => view != requested), view =>
        {
            Assert.Equal(("coalesced", rerun.NewWorkflowId, requested.Id), (view.Outcome, view.RerunWorkflowId, view.CoalescedInto));
        });
    }

    [Fact]
    public async Task A_request_for_another_branch_is_not_coalesced_into_a_rerun_in_flight()
    {
        CircleCi.RerunVisibleAfterListCalls = int.MaxValue;
        GitHub.SetBranches(Repository, "main", "release/1.4", "hotfix/2.0");
        var release = CircleCi.AddWorkflow(CircleCi.AddPipeline(Slug, "release/1.4"), Workflow, "failed");
        var hotfix = CircleCi.AddWorkflow(CircleCi.AddPipeline(Slug, "hotfix/2.0"), Workflow, "failed");
        await using var service = await RerunService.Standalone(GitHub, CircleCi);

        var first = await service.Completed(await service.Request());
        using var other = await service.Post($$$"""{"githubRepository": "{{{Repository}}}", "branchPrefix": "hotfix/", "projectSlug": "{{{Slug}}}", "workflowName": "{{{Workflow}}}"}""");
        var second = await service.Completed((await other.Content.ReadFromJsonAsync<CircleCiRerunAccepted>())!.Id);

        Assert.Equal(("rerun-requested", release), (first.Outcome, first.WorkflowId));
        Assert.Equal(("rerun-requested", hotfix), (second.Outcome, second.WorkflowId));
        Assert.Equal([release, hotfix], CircleCi.Reruns.Select(rerun => rerun.WorkflowId));
    }

    [Fact]
    public async Task Once_the_rerun_has_finished_the_next_request_reruns_again()
    {
        GivenWorkflow("failed");
        await using var service = await RerunService.Standalone(GitHub, CircleCi);
        var first = await service.Completed(await service.Request());
        Assert.Equal("coalesced", (await service.Completed(await service.Request())).Outcome);

        CircleCi.SetWorkflowStatus(first.RerunWorkflowId!, "failed");
        CircleCiRerunView next = null!;
        await Eventually.True(async () => (next = await service.Completed(await service.Request())).Outcome != "coalesced",
            "the sweeper has seen the rerun finish and released the workflow");

        Assert.Equal("rerun-requested", next.Outcome);
        Assert.Equal(2, CircleCi.Reruns.Count);
        Assert.Equal(first.RerunWorkflowId, next.WorkflowId);
    }

    [Fact]
    public async Task A_rerun_circleci_never_lists_is_released_after_the_visibility_timeout()
    {
        CircleCi.RerunVisibleAfterListCalls = int.MaxValue;
        GivenWorkflow("failed");
        await using var service = await RerunService.Standalone(GitHub, CircleCi,
            new Dictionary<string, string?> { ["Rerun:CircleCi:VisibilityTimeout"] = "00:00:00" });
        await service.Completed(await service.Request());

        await Eventually.True(async () => (await service.Completed(await service.Request())).Outcome == "rerun-requested",
            "the workflow is released and rerun again");
    }

    [Fact]
    public async Task With_the_broker_unreachable_a_request_is_accepted_and_its_hand_over_kept_for_later()
    {
        GivenWorkflow("failed");
        await using var service = await RerunService.Standalone(GitHub, CircleCi, new Dictionary<string, string?>
        {
            ["Messaging:Transport"] = "RabbitMq",
            // Port 1: nothing listens there, so every connection is refused at once (a port that was free a moment ago may be
            // taken meanwhile, for example by a broker container the tests publish).
            ["ConnectionStrings:RabbitMq"] = "amqp://guest:guest@127.0.0.1:1/",
        });

        var id = await service.Request();

        Assert.Equal(CircleCiRerunRequest.Queued, (await service.Find(id))?.State);
        await using var db = await service.Services.GetRequiredService<IDbContextFactory<RerunDbContext>>().CreateDbContextAsync();
        var waiting = await db.Set<OutboxMessage>().Select(message => message.Body).ToListAsync();
        Assert.Contains(waiting, body => body.Contains(id.ToString(), StringComparison.Ordinal));
        Assert.Empty(CircleCi.Reruns);
    }
}
