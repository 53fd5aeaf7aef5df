using Micro.Contracts.GitHub;
using Micro.Persistence.Sagas;

namespace Micro.Rerun.GitHubActions;

/// <summary>
/// The saga's correlation id: a name-based UUID (version 5) of <c>owner/name#runId#attempt</c>, so every replica and every
/// redelivery of an event finds the same instance without a lookup.
/// </summary>
public static class RunAttemptKey
{
    static readonly Guid Namespace = new("4f6f1b1e-3c55-4c2b-9a55-6d1c2a1f0e21");

    public static Guid Of(WorkflowJobEvent job) => Of(job.Origin.Repository.FullName, job.RunId, job.RunAttempt);

    public static Guid Of(WorkflowRunEvent run) => Of(run.Origin.Repository.FullName, run.RunId, run.RunAttempt);

    public static Guid Of(string repository, long runId, int runAttempt) =>
        NameBasedId.Of(Namespace, $"{repository.ToLowerInvariant()}#{runId}#{runAttempt}");
}
