using Micro.GitWorkflow.Data;

namespace Micro.GitWorkflow.Runs;

/// <summary>Writes each step of a run as it starts and as it ends, so that the API shows a run's progress while it runs.</summary>
public sealed class StepRecorder(GitWorkflowDbContext db)
{
    const int ErrorLimit = 4000;

    public async Task<WorkflowRunStep> Start(Guid runId, string name, int attempt, CancellationToken cancellationToken)
    {
        var step = new WorkflowRunStep { RunId = runId, Name = name, Attempt = attempt, StartedAt = DateTime.UtcNow };
        db.Steps.Add(step);
        await db.SaveChangesAsync(cancellationToken);
        return step;
    }

    public async Task Succeed(WorkflowRunStep step, string output, int outputLimit)
    {
        step.State = WorkflowRunStep.Succeeded;
        step.Output = Fit(output, outputLimit);
        await Finish(step);
    }

    public async Task Fail(WorkflowRunStep step, string error)
    {
        step.State = WorkflowRunStep.Failed;
        step.Error = Fit(error, ErrorLimit);
        await Finish(step);
    }

    /// <summary>Written even when the run was cancelled: the record must say how the step ended.</summary>
    async Task Finish(WorkflowRunStep step)
    {
        step.FinishedAt = DateTime.UtcNow;
        await db.SaveChangesAsync(CancellationToken.None);
    }

    static string Fit(string text, int limit) => text.Length <= limit ? text : text[..(limit - 1)] + "…";
}
