using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Micro.Contracts.Workflows;
using Micro.GitWorkflow.Publishing;
using Micro.Testing;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.PubSub.Tests;

/// <summary>The git-workflow service's publishing part against the emulator: the original's HTTP publisher, and results of finished runs.</summary>
public sealed class PublishingTests : IAsyncLifetime
{
    readonly EmulatorClient emulator = EmulatorClient.Create();
    TestWebHost host = null!;

    public async Task InitializeAsync()
    {
        await emulator.TopicWithSubscription("workflow-trigger-topic");
        await emulator.TopicWithSubscription("workflow-results");
        var settings = PubSubEmulator.Settings(emulator.Project);
        settings["Messaging:Transport"] = "InMemory";
        settings["PubSub:ResultsTopic"] = "workflow-results";
        host = await TestWebHost.Start(settings, micro => micro.Add("workflows", module => module.AddPublishing(), endpoints => endpoints.MapPublishing()));
    }

    [Fact]
    public async Task The_publish_endpoint_publishes_what_the_original_publisher_did()
    {
        const string request = """
            {"git_url": "https://github.com/acme/shop.git", "source_branch": "develop", "feature_branch": "feature/cart",
             "author": "ana", "git_user": "Ana Lopez", "git_email": "ana@example.com", "task_list": "Add a cart page\nTest it",
             "agent": "pluscoder", "model": "gpt-4o", "provider": "openai", "extra_flags": "--auto-commits false"}
            """;

        var response = await host.Client.PostAsync("/api/workflows/publish", new StringContent(request, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var messageId = (await response.Content.ReadFromJsonAsync<JsonObject>())!["messageId"]!.GetValue<string>();
        var published = Assert.Single(await emulator.PullAtLeast("workflow-trigger-topic-pull", 1)).Message;
        Assert.Equal(messageId, published.MessageId);
        var expected = JsonNode.Parse("""
            {"workflow": "push_feature",
             "parameters": {"git_url": "https://github.com/acme/shop.git", "source_branch": "develop", "feature_branch": "feature/cart",
                            "author": "ana", "git_user": "Ana Lopez", "git_email": "ana@example.com", "task_list": "Add a cart page\nTest it",
                            "agent": "pluscoder", "model": "gpt-4o", "provider": "openai", "extra_flags": "--auto-commits false"}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(published.Data!)), Encoding.UTF8.GetString(published.Data!));
    }

    [Fact]
    public async Task A_named_workflow_and_a_feature_request_are_published_as_given()
    {
        var response = await host.Client.PostAsJsonAsync("/api/workflows/publish", new Dictionary<string, object>
        {
            ["workflow"] = "hello_world",
            ["git_url"] = "https://gitlab.com/acme/shop.git",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var published = Assert.Single(await emulator.PullAtLeast("workflow-trigger-topic-pull", 1)).Message;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"workflow": "hello_world", "parameters": {"git_url": "https://gitlab.com/acme/shop.git"}}"""),
            JsonNode.Parse(published.Data!)));
    }

    [Theory]
    [InlineData("""{"task_list": "x"}""", "git_url")]
    [InlineData("""{"git_url": "", "task_list": "x"}""", "git_url")]
    [InlineData("""{"git_url": 12, "task_list": "x"}""", "git_url")]
    [InlineData("""{"git_url": "https://github.com/o/r.git"}""", "task_list")]
    [InlineData("""{"git_url": "https://github.com/o/r.git", "feature_request": "  "}""", "task_list")]
    [InlineData("""{"git_url": "https://github.com/o/r.git", "task_list": "x", "agent": ["a"]}""", "agent")]
    [InlineData("""{"git_url": "https://github.com/o/r.git", "workflow": "resolve_issue"}""", "issue")]
    [InlineData("""["git_url"]""", "body")]
    [InlineData("""{"git_url": """, "body")]
    public async Task A_request_missing_what_the_workflow_needs_is_refused_400_naming_the_field(string body, string field)
    {
        var response = await host.Client.PostAsync("/api/workflows/publish", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>();
        Assert.Contains(field, problem!.Errors.Keys);
        // Nothing went out: the next message on the topic is a valid request sent after the refused one (the emulator's pull waits for one).
        var sentinel = await host.Client.PostAsJsonAsync("/api/workflows/publish", new Dictionary<string, string>
        {
            ["workflow"] = "hello_world",
            ["git_url"] = "https://github.com/o/sentinel.git",
        });
        var next = Assert.Single(await emulator.PullAtLeast("workflow-trigger-topic-pull", 1));
        Assert.Equal((await sentinel.Content.ReadFromJsonAsync<JsonObject>())!["messageId"]!.GetValue<string>(), next.Message.MessageId);
    }

    [Fact]
    public async Task A_finished_run_is_published_to_the_results_topic()
    {
        var run = Guid.NewGuid();
        await host.Services.GetRequiredService<IBus>().Publish(new WorkflowRunFinished(run, "push_feature", "succeeded", null,
            "https://github.com/acme/shop/pull/7", DateTimeOffset.Parse("2026-11-30T12:00:00Z")));

        var result = Assert.Single(await emulator.PullAtLeast("workflow-results-pull", 1)).Message;
        var json = JsonNode.Parse(result.Data!)!;
        Assert.Equal(run.ToString(), json["run_id"]!.GetValue<string>());
        Assert.Equal("succeeded", json["state"]!.GetValue<string>());
        Assert.Equal("https://github.com/acme/shop/pull/7", json["pull_request_url"]!.GetValue<string>());
        Assert.Equal("push_feature", result.Attributes!["workflow"]);
        Assert.Equal("succeeded", result.Attributes["state"]);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        emulator.Dispose();
    }
}
