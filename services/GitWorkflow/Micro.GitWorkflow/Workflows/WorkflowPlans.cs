namespace Micro.GitWorkflow.Workflows;

/// <summary>What a step leaves behind, which decides whether a run that is taken over does it again.</summary>
public enum StepKind
{
    /// <summary>Works in the run's clone, which dies with the executor: done again unless a later lasting step is recorded done.</summary>
    Local,

    /// <summary>Only reads what later steps need (an issue's title): done again whenever the run resumes.</summary>
    Reading,

    /// <summary>Changes the world outside the clone (a push, a pull request, a comment): never done again once recorded done.</summary>
    Lasting,
}

/// <summary>One step of a workflow: a name for its record, what it does (returning what its record should say), and what it leaves.</summary>
public sealed record WorkflowStep(string Name, Func<RunContext, CancellationToken, Task<string>> Run, StepKind Kind = StepKind.Local);

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
            new("push", steps.Push, StepKind.Lasting),
        ],
        WorkflowNames.PushFeature =>
        [
            new("clone", steps.Clone),
            new("checkout_source", steps.CheckOutSource),
            new("create_branch", steps.CreateFeatureBranch),
            new("agent", steps.RunAgent),
            new("commit", steps.CommitChanges),
            new("push", steps.Push, StepKind.Lasting),
            .. parameters.PullRequest ? [new WorkflowStep("pull_request", steps.OpenChangeRequest, StepKind.Lasting)] : Array.Empty<WorkflowStep>(),
        ],
        WorkflowNames.ResolveIssue =>
        [
            new("read_issue", steps.ReadIssue, StepKind.Reading),
            new("clone", steps.Clone),
            new("checkout_source", steps.CheckOutSource),
            new("create_branch", steps.CreateIssueBranch),
            new("agent", steps.RunAgent),
            new("commit", steps.CommitChanges),
            new("push", steps.Push, StepKind.Lasting),
            new("pull_request", steps.OpenChangeRequest, StepKind.Lasting),
            new("comment", steps.CommentOnIssue, StepKind.Lasting),
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(workflow), workflow, "unknown workflow"),
    };

    /// <summary>
    /// Where a run resumes, given the steps an earlier executor recorded done: after the last lasting one. Local work before it is not
    /// redone (its result is on the remote), but it is where nothing lasting was done yet: the clone it worked in is gone.
    /// </summary>
    public static int ResumeIndex(IReadOnlyList<WorkflowStep> plan, IReadOnlyCollection<string> done)
    {
        for (var index = plan.Count - 1; index >= 0; index--)
        {
            if (plan[index].Kind == StepKind.Lasting && done.Contains(plan[index].Name))
                return index + 1;
        }

        return 0;
    }
}
