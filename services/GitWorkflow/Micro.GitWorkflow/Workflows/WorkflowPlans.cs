namespace Micro.GitWorkflow.Workflows;

/// <summary>One step of a workflow: a name for its record and what it does, returning what its record should say.</summary>
public sealed record WorkflowStep(string Name, Func<RunContext, CancellationToken, Task<string>> Run);

/// <summary>The steps of each workflow, in order.</summary>
public sealed class WorkflowPlans(WorkflowSteps steps)
{
    public IReadOnlyList<WorkflowStep> For(string workflow, WorkflowParameters parameters) => workflow switch
    {
        WorkflowNames.HelloWorld =>
        [
            new("clone", steps.Clone),
            new("create_branch", steps.CreateHelloWorldBranch),
            new("write_file", steps.WriteHelloWorld),
            new("commit", steps.CommitHelloWorld),
            new("push", steps.Push),
        ],
        WorkflowNames.PushFeature =>
        [
            new("clone", steps.Clone),
            new("checkout_source", steps.CheckOutSource),
            new("create_branch", steps.CreateFeatureBranch),
            new("agent", steps.RunAgent),
            new("commit", steps.CommitChanges),
            new("push", steps.Push),
            .. parameters.PullRequest ? [new WorkflowStep("pull_request", steps.OpenChangeRequest)] : Array.Empty<WorkflowStep>(),
        ],
        WorkflowNames.ResolveIssue =>
        [
            new("read_issue", steps.ReadIssue),
            new("clone", steps.Clone),
            new("checkout_source", steps.CheckOutSource),
            new("create_branch", steps.CreateIssueBranch),
            new("agent", steps.RunAgent),
            new("commit", steps.CommitChanges),
            new("push", steps.Push),
            new("pull_request", steps.OpenChangeRequest),
            new("comment", steps.CommentOnIssue),
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(workflow), workflow, "unknown workflow"),
    };
}
