using System.Text.Json;
using System.Text.Json.Nodes;
using Micro.Contracts.GitHub;
using Micro.Ingestion.Normalization;

namespace Micro.Ingestion.Tests;

/// <summary>Cases the recorded payloads do not cover, built by changing a real payload.</summary>
public sealed class NormalizationTests
{
    static NormalizedEvent Normalize(string eventName, JsonNode payload) =>
        GitHubEventNormalizer.Normalize(eventName, "delivery-1", JsonDocument.Parse(payload.ToJsonString()).RootElement);

    [Fact]
    public void A_merged_pull_request_is_told_apart_from_a_closed_one()
    {
        var payload = WebhookPayloads.Parse(WebhookPayloads.Read("pull_request", "closed.payload.json"));
        payload["pull_request"]!["merged"] = true;

        var published = Assert.IsType<NormalizedEvent.Publish>(Normalize("pull_request", payload));

        var pullRequest = Assert.IsType<PullRequestEvent>(published.Message);
        Assert.Equal(PullRequestAction.Closed, pullRequest.Action);
        Assert.True(pullRequest.Merged);
    }

    [Fact]
    public void A_pull_request_carries_when_GitHub_last_updated_it()
    {
        var payload = WebhookPayloads.Parse(WebhookPayloads.Read("pull_request", "reopened.payload.json"));
        payload["pull_request"]!["updated_at"] = "2026-11-30T12:34:56Z";

        var pullRequest = Assert.IsType<PullRequestEvent>(Assert.IsType<NormalizedEvent.Publish>(Normalize("pull_request", payload)).Message);

        Assert.Equal(new DateTimeOffset(2026, 11, 30, 12, 34, 56, TimeSpan.Zero), pullRequest.UpdatedAt);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"yesterday\"")]
    [InlineData("17")]
    public void A_pull_request_without_a_readable_updated_at_is_still_published_without_one(string updatedAt)
    {
        var payload = WebhookPayloads.Parse(WebhookPayloads.Read("pull_request", "reopened.payload.json"));
        payload["pull_request"]!["updated_at"] = JsonNode.Parse(updatedAt);

        var pullRequest = Assert.IsType<PullRequestEvent>(Assert.IsType<NormalizedEvent.Publish>(Normalize("pull_request", payload)).Message);

        Assert.Null(pullRequest.UpdatedAt);
    }

    [Fact]
    public void A_workflow_job_is_keyed_on_its_action_even_when_its_status_disagrees()
    {
        var payload = WebhookPayloads.Parse(WebhookPayloads.Read("workflow_job", "queued.with-deployment.payload.json"));

        var job = Assert.IsType<WorkflowJobEvent>(Assert.IsType<NormalizedEvent.Publish>(Normalize("workflow_job", payload)).Message);

        Assert.Equal("waiting", job.Status);
        Assert.Equal(WorkflowJobAction.Queued, job.Action);
    }

    [Theory]
    [InlineData("workflow_job", "queued.payload.json", "workflow_job", "workflow_job is missing")]
    [InlineData("workflow_run", "completed.payload.json", "repository", "repository.full_name is missing")]
    [InlineData("pull_request", "opened.payload.json", "pull_request", "pull_request is missing")]
    public void A_payload_missing_what_its_event_needs_is_ignored_with_the_reason(string eventName, string file, string removed, string reason)
    {
        var payload = WebhookPayloads.Parse(WebhookPayloads.Read(eventName, file)).AsObject();
        payload.Remove(removed);

        var ignored = Assert.IsType<NormalizedEvent.Ignore>(Normalize(eventName, payload));

        Assert.Equal($"malformed {eventName} payload: {reason}", ignored.Reason);
    }

    [Fact]
    public void A_job_id_of_the_wrong_type_is_a_malformed_payload_not_a_crash()
    {
        var payload = WebhookPayloads.Parse(WebhookPayloads.Read("workflow_job", "completed.success.with-organization.payload.json"));
        payload["workflow_job"]!["id"] = "not-a-number";

        var ignored = Assert.IsType<NormalizedEvent.Ignore>(Normalize("workflow_job", payload));

        Assert.Contains("workflow_job.id", ignored.Reason);
    }
}
