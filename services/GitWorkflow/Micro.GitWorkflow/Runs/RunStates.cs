namespace Micro.GitWorkflow.Runs;

/// <summary>The states a run shows in the API, as the issue names them.</summary>
public static class RunStates
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Rejected = "rejected";

    public static readonly IReadOnlyList<string> All = [Pending, Running, Succeeded, Failed, Rejected];

    /// <summary>The API's name for a saga state; a run the saga has not seen yet is pending.</summary>
    public static string Of(string? sagaState) => sagaState switch
    {
        nameof(WorkflowRunStateMachine.Running) => Running,
        nameof(WorkflowRunStateMachine.Succeeded) => Succeeded,
        nameof(WorkflowRunStateMachine.Failed) => Failed,
        nameof(WorkflowRunStateMachine.Rejected) => Rejected,
        _ => Pending,
    };

    public static string SagaStateOf(string state) => state switch
    {
        Running => nameof(WorkflowRunStateMachine.Running),
        Succeeded => nameof(WorkflowRunStateMachine.Succeeded),
        Failed => nameof(WorkflowRunStateMachine.Failed),
        Rejected => nameof(WorkflowRunStateMachine.Rejected),
        _ => nameof(WorkflowRunStateMachine.Pending),
    };
}
