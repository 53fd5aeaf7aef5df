using System.Net;
using MassTransit;
using Micro.Contracts.GitHub;
using Micro.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Micro.Rerun.CircleCi.Tests.Service;

/// <summary>Rules fired by signed <c>pull_request</c> webhooks through the standalone composition.</summary>
public sealed class CircleCiRerunRuleTests : FakeApiTests
{
    static readonly Dictionary<string, string?> HotfixRule = new()
    {
        ["Rerun:CircleCi:Rules:0:Repository"] = Repository,
        ["Rerun:CircleCi:Rules:0:HeadBranch"] = "hotfix/*",
        ["Rerun:CircleCi:Rules:0:BaseBranch"] = "master",
        ["Rerun:CircleCi:Rules:0:BranchPrefix"] = "release/",
        ["Rerun:CircleCi:Rules:0:ProjectSlug"] = Slug,
        ["Rerun:CircleCi:Rules:0:WorkflowName"] = "deploy_staging",
    };

    /// <summary>The service with <paramref name="rules"/>, and a finished <c>deploy_staging</c> on <c>release/1.4</c> to rerun.</summary>
    Task<RerunService> Start(Dictionary<string, string?> rules)
    {
        GivenWorkflow("success");
        return RerunService.Standalone(GitHub, CircleCi, rules);
    }

    static Guid RequestOf(string deliveryId, int rule) => WorkflowKey.NameBased($"{deliveryId}#rule{rule}");

    [Fact]
    public async Task A_merged_hotfix_reruns_the_workflow_on_the_release_branch()
    {
        await using var service = await Start(HotfixRule);
        var delivery = Guid.NewGuid().ToString();

        Assert.Equal(HttpStatusCode.Accepted, (await service.PullRequestClosed(delivery, Repository, "hotfix/login", "master", merged: true)).StatusCode);

        var done = await service.Completed(RequestOf(delivery, 0));
        Assert.Equal("rerun-requested", done.Outcome);
        Assert.Equal("rule 0: pull request acme/core-api#2 from hotfix/login merged into master", done.Trigger);
        Assert.Equal(done.RerunWorkflowId, Assert.Single(CircleCi.Reruns).NewWorkflowId);
    }

    [Fact]
    public async Task A_redelivered_webhook_makes_no_second_request()
    {
        await using var service = await Start(HotfixRule);
        var seen = PullRequestsSeen.By(service);
        var delivery = Guid.NewGuid().ToString();
        await service.PullRequestClosed(delivery, Repository, "hotfix/login", "master", merged: true);
        var first = await service.Completed(RequestOf(delivery, 0));

        // GitHub's "redeliver" keeps the delivery id; replaying it from the delivery log publishes the same event again.
        Assert.Equal(HttpStatusCode.Accepted, (await service.Client.PostAsync($"/api/ingestion/deliveries/{delivery}/replay", null)).StatusCode);
        await seen.AtLeast(2);

        Assert.Equal(first.CompletedAt, (await service.Completed(RequestOf(delivery, 0))).CompletedAt);
        Assert.Single(CircleCi.Reruns);
    }

    [Theory]
    [InlineData("acme/core-api", "hotfix/login", "master", false)]
    [InlineData("acme/core-api", "feature/login", "master", true)]
    [InlineData("acme/core-api", "hotfix/login", "develop", true)]
    [InlineData("acme/other", "hotfix/login", "master", true)]
    public async Task Pull_requests_the_rule_does_not_describe_rerun_nothing(string repository, string head, string @base, bool merged)
    {
        await using var service = await Start(HotfixRule);
        var seen = PullRequestsSeen.By(service);
        var delivery = Guid.NewGuid().ToString();

        Assert.Equal(HttpStatusCode.Accepted, (await service.PullRequestClosed(delivery, repository, head, @base, merged)).StatusCode);
        await seen.AtLeast(1);

        Assert.Null(await service.Find(RequestOf(delivery, 0)));
        Assert.Empty(CircleCi.Requests);
    }

    [Fact]
    public async Task Every_matching_rule_makes_its_own_request()
    {
        var rules = new Dictionary<string, string?>(HotfixRule)
        {
            ["Rerun:CircleCi:Rules:1:Repository"] = Repository,
            ["Rerun:CircleCi:Rules:1:BranchPrefix"] = "release/",
            ["Rerun:CircleCi:Rules:1:ProjectSlug"] = Slug,
            ["Rerun:CircleCi:Rules:1:WorkflowName"] = "deploy_staging",
            ["Rerun:CircleCi:Rules:1:DryRun"] = "true",
        };
        await using var service = await Start(rules);
        var delivery = Guid.NewGuid().ToString();

        await service.PullRequestClosed(delivery, Repository, "hotfix/login", "master", merged: true);

        var outcomes = new[] { (await service.Completed(RequestOf(delivery, 0))).Outcome, (await service.Completed(RequestOf(delivery, 1))).Outcome };
        Assert.Single(CircleCi.Reruns);
        Assert.Contains("rerun-requested", outcomes);
    }

    [Theory]
    [InlineData("Repository", "acme", "Rerun:CircleCi:Rules:0:Repository")]
    [InlineData("ProjectSlug", "core-api", "Rerun:CircleCi:Rules:0:ProjectSlug")]
    [InlineData("WorkflowName", "", "Rerun:CircleCi:Rules:0:WorkflowName")]
    [InlineData("BranchPrefix", "", "Rerun:CircleCi:Rules:0:BranchPrefix")]
    public async Task A_wrong_rule_stops_the_start_naming_the_key(string field, string value, string key)
    {
        var rules = new Dictionary<string, string?>(HotfixRule) { [$"Rerun:CircleCi:Rules:0:{field}"] = value };

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => Start(rules));

        Assert.Contains(key, failure.Message);
    }

    /// <summary>Counts the pull-request events the service's consumers have handled, from the moment it is connected.</summary>
    sealed class PullRequestsSeen : IConsumeMessageObserver<PullRequestEvent>
    {
        int consumed;

        public static PullRequestsSeen By(RerunService service)
        {
            var seen = new PullRequestsSeen();
            service.Services.GetRequiredService<IBus>().ConnectConsumeMessageObserver(seen);
            return seen;
        }

        public Task AtLeast(int count) =>
            Eventually.True(() => Volatile.Read(ref consumed) >= count, $"{count} pull-request events were consumed");

        public Task PreConsume(ConsumeContext<PullRequestEvent> context) => Task.CompletedTask;

        public Task PostConsume(ConsumeContext<PullRequestEvent> context)
        {
            Interlocked.Increment(ref consumed);
            return Task.CompletedTask;
        }

        public Task ConsumeFault(ConsumeContext<PullRequestEvent> context, Exception exception) => Task.CompletedTask;
    }
}
