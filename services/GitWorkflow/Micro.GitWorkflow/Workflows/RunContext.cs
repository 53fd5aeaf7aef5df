using Micro.GitWorkflow.Forges;
using Micro.GitWorkflow.Git;

namespace Micro.GitWorkflow.Workflows;

/// <summary>
/// What the steps of one run share while it runs: the request, where it works, and what earlier steps found or chose. What a step
/// chooses that a resumed run must choose alike (the branch, the pull request) it keeps in the run's record (<see cref="Keep"/>)
/// before using it.
/// </summary>
public sealed class RunContext(
    Guid runId, string workflow, WorkflowParameters parameters, IForge forge, GitAccess access, string directory,
    Func<RunContext, CancellationToken, Task> keep)
{
    public Guid RunId { get; } = runId;

    public string Workflow { get; } = workflow;

    public WorkflowParameters Parameters { get; } = parameters;

    public IForge Forge { get; } = forge;

    public GitAccess Access { get; } = access;

    /// <summary>The run's own directory; the clone is its <c>repo</c> subdirectory.</summary>
    public string Directory { get; } = directory;

    public string CloneDirectory => Path.Combine(Directory, "repo");

    public GitRepository? Repository { get; set; }

    public GitRepository Clone => Repository ?? throw new InvalidOperationException("the repository was not cloned");

    /// <summary>The branch the work starts from, into which a pull request goes.</summary>
    public string? BaseBranch { get; set; }

    public string? WorkBranch { get; set; }

    public ForgeIssue? Issue { get; set; }

    public string? ChangeRequestUrl { get; set; }

    public string? AgentTask { get; set; }

    /// <summary>Writes the branches and the pull request chosen so far into the run's record.</summary>
    public Task Keep(CancellationToken cancellationToken) => keep(this, cancellationToken);
}
