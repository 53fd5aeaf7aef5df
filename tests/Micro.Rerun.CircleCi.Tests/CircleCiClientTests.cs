using System.Net;
using Micro.CircleCi;
using Micro.Testing.Fakes;

namespace Micro.Rerun.CircleCi.Tests;

public sealed class CircleCiClientTests
{
    const string Slug = "gh/acme/core-api";

    [Fact]
    public async Task Pipelines_of_a_branch_are_read_over_every_page_with_the_token_header()
    {
        await using var host = await RerunHost.Start();
        host.CircleCi.PageSize = 2;
        var expected = Enumerable.Range(0, 5).Select(_ => host.CircleCi.AddPipeline(Slug, "release/1.4")).ToHashSet();
        host.CircleCi.AddPipeline(Slug, "main");

        var pipelines = await host.Client.ListPipelines(Slug, "release/1.4", CancellationToken.None);

        Assert.Equal(expected, pipelines.Select(pipeline => pipeline.Id).ToHashSet());
        Assert.All(pipelines, pipeline => Assert.Equal("release/1.4", pipeline.Branch));
        var calls = host.CircleCi.Requests;
        Assert.Equal(3, calls.Count);
        Assert.All(calls, call => Assert.Equal(("GET", "/project/gh/acme/core-api/pipeline", "release/1.4", FakeCircleCi.Token),
            (call.Method, call.Path, call.Query["branch"], call.CircleToken)));
        Assert.Equal([false, true, true], calls.Select(call => call.Query.ContainsKey("page-token")));
    }

    [Fact]
    public async Task Workflows_of_a_pipeline_are_read_over_every_page()
    {
        await using var host = await RerunHost.Start();
        host.CircleCi.PageSize = 1;
        var pipeline = host.CircleCi.AddPipeline(Slug, "release/1.4");
        var build = host.CircleCi.AddWorkflow(pipeline, "build", "success");
        var deploy = host.CircleCi.AddWorkflow(pipeline, "deploy_staging", "failed");

        var workflows = await host.Client.ListWorkflows(pipeline, CancellationToken.None);

        Assert.Equal([(build, "build", "success"), (deploy, "deploy_staging", "failed")],
            workflows.Select(workflow => (workflow.Id, workflow.Name, workflow.Status)));
        Assert.All(workflows, workflow => Assert.Equal(pipeline, workflow.PipelineId));
        Assert.Equal(2, host.CircleCi.Requests.Count);
    }

    [Fact]
    public async Task A_rerun_reruns_the_whole_workflow_and_returns_the_new_workflow()
    {
        await using var host = await RerunHost.Start();
        var pipeline = host.CircleCi.AddPipeline(Slug, "release/1.4");
        var deploy = host.CircleCi.AddWorkflow(pipeline, "deploy_staging", "failed");

        var rerun = await host.Client.RerunWorkflow(deploy, CancellationToken.None);

        var recorded = Assert.Single(host.CircleCi.Reruns);
        Assert.Equal((deploy, rerun, """{"from_failed":false}"""), (recorded.WorkflowId, recorded.NewWorkflowId, recorded.Body));
        var workflows = await host.Client.ListWorkflows(pipeline, CancellationToken.None);
        Assert.Equal("running", Assert.Single(workflows, workflow => workflow.Id == rerun).Status);
    }

    [Fact]
    public async Task Without_a_token_nothing_is_sent()
    {
        await using var host = await RerunHost.Start(new Dictionary<string, string?> { ["CircleCi:Token"] = "" });

        var error = await Assert.ThrowsAsync<CircleCiNotConfiguredException>(() => host.Client.ListPipelines(Slug, "main", CancellationToken.None));

        Assert.Contains("CIRCLE_CI_TOKEN", error.Message);
        Assert.Empty(host.CircleCi.Requests);
    }

    [Fact]
    public async Task A_wrong_token_is_reported_with_circleci_status_and_message()
    {
        await using var host = await RerunHost.Start(new Dictionary<string, string?> { ["CircleCi:Token"] = "expired" });

        var error = await Assert.ThrowsAsync<CircleCiApiException>(() => host.Client.ListPipelines(Slug, "main", CancellationToken.None));

        Assert.Equal((HttpStatusCode.Unauthorized, "You must log in first."), (error.StatusCode, error.CircleCiMessage));
        Assert.DoesNotContain("expired", error.Message);
    }

    [Fact]
    public async Task An_unknown_project_is_a_404_not_an_empty_list()
    {
        await using var host = await RerunHost.Start();

        var error = await Assert.ThrowsAsync<CircleCiApiException>(() => host.Client.ListPipelines("gh/acme/gone", "main", CancellationToken.None));

        Assert.Equal((HttpStatusCode.NotFound, "Project not found"), (error.StatusCode, error.CircleCiMessage));
        Assert.Contains("GET /project/gh/acme/gone/pipeline", error.Message);
    }

    [Fact]
    public async Task A_server_error_without_json_keeps_the_reason_phrase_and_the_body()
    {
        await using var host = await RerunHost.Start();
        var pipeline = host.CircleCi.AddPipeline(Slug, "main");
        // Often enough to outlast the client's own retries of a read answered with a server error.
        host.CircleCi.Answer("GET", $"/pipeline/{pipeline}/workflow", 502, "<html>Bad Gateway</html>", times: 10, contentType: "text/html");

        var error = await Assert.ThrowsAsync<CircleCiApiException>(() => host.Client.ListWorkflows(pipeline, CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadGateway, error.StatusCode);
        Assert.Equal("Bad Gateway: <html>Bad Gateway</html>", error.CircleCiMessage);
        Assert.True(error.IsTransient);
    }

    [Theory]
    [InlineData("not json at all", "the answer is not JSON: not json at all")]
    [InlineData("""{"next_page_token": null}""", "malformed answer: the list has no array 'items'")]
    [InlineData("""{"items": [{"id": "p1", "number": 3, "state": "created"}], "next_page_token": null}""",
        "malformed answer: a pipeline has no string 'created_at'")]
    [InlineData("""{"items": [{"id": "p1", "number": 3, "state": "created", "created_at": "yesterday"}], "next_page_token": null}""",
        "malformed answer: a pipeline's 'created_at' is not a date-time")]
    [InlineData("""{"items": [], "next_page_token": "again"}""", "malformed answer: next_page_token 'again' repeats an earlier page")]
    public async Task A_malformed_answer_is_an_error_saying_what_is_wrong(string body, string message)
    {
        await using var host = await RerunHost.Start();
        host.CircleCi.AddPipeline(Slug, "main");
        host.CircleCi.Answer("GET", $"/project/{Slug}/pipeline", 200, body, times: 2);

        var error = await Assert.ThrowsAsync<CircleCiApiException>(() => host.Client.ListPipelines(Slug, "main", CancellationToken.None));

        Assert.Equal((HttpStatusCode.OK, message), (error.StatusCode, error.CircleCiMessage));
    }

    [Fact]
    public async Task A_rerun_answer_without_the_new_workflow_id_is_an_error()
    {
        await using var host = await RerunHost.Start();
        host.CircleCi.Answer("POST", "/workflow/", 202, """{"message": "Accepted."}""");

        var error = await Assert.ThrowsAsync<CircleCiApiException>(() => host.Client.RerunWorkflow(Guid.NewGuid().ToString(), CancellationToken.None));

        Assert.Equal("malformed answer: the rerun answer has no string 'workflow_id'", error.CircleCiMessage);
    }
}
