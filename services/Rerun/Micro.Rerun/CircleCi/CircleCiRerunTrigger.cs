using MassTransit;
using Micro.Contracts.GitHub;
using Microsoft.Extensions.Options;

namespace Micro.Rerun.CircleCi;

/// <summary>Turns merged pull requests into re-run requests, one per matching rule.</summary>
public sealed class CircleCiRerunTrigger(CircleCiRerunIntake intake, IOptions<CircleCiRerunOptions> options) : IConsumer<PullRequestEvent>
{
    public async Task Consume(ConsumeContext<PullRequestEvent> context)
    {
        var pull = context.Message;
        if (pull is not { Action: PullRequestAction.Closed, Merged: true })
            return;

        var repository = pull.Origin.Repository.FullName;
        var rules = options.Value.Rules;
        for (var index = 0; index < rules.Count; index++)
        {
            var rule = rules[index];
            if (!rule.Matches(repository, pull.HeadRef, pull.BaseRef))
                continue;

            await intake.Submit(new CircleCiRerunRequest
            {
                // One request per delivery and rule, however often the event is delivered.
                Id = WorkflowKey.NameBased($"{pull.Origin.DeliveryId}#rule{index}"),
                Repository = rule.Repository,
                BranchPrefix = rule.BranchPrefix,
                ProjectSlug = rule.ProjectSlug,
                WorkflowName = rule.WorkflowName,
                DryRun = rule.DryRun,
                InstallationId = pull.Origin.InstallationId,
                Trigger = $"rule {index}: pull request {repository}#{pull.Number} from {pull.HeadRef} merged into {pull.BaseRef}",
            }, context.CancellationToken);
        }
    }
}
