namespace Micro.GitWorkflow.Workflows;

public static class WorkflowNames
{
    public const string HelloWorld = "hello_world";
    public const string PushFeature = "push_feature";
    public const string ResolveIssue = "resolve_issue";

    public static readonly IReadOnlyList<string> All = [HelloWorld, PushFeature, ResolveIssue];
}
