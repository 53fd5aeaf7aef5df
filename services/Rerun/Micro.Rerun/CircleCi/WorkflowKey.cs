using Micro.Persistence.Sagas;

namespace Micro.Rerun.CircleCi;

/// <summary>The CircleCI rerun saga's and requests' ids, name-based so that every replica derives the same one from the same key.</summary>
public static class WorkflowKey
{
    static readonly Guid Namespace = new("6f1b7c4e-2a57-4d0e-9a55-1b3c0e2d7a91");

    /// <summary>
    /// The saga that serializes re-runs of one workflow of one CircleCI project on the branch one prefix finds in one repository:
    /// requests coalesce only into a re-run of the very workflow they would have re-run. Repository and slug are compared without
    /// case (as GitHub and CircleCI do); branch names and workflow names keep theirs.
    /// </summary>
    public static Guid Of(string repository, string branchPrefix, string projectSlug, string workflowName) =>
        NameBased($"{repository.ToLowerInvariant()}#{branchPrefix}#{projectSlug.ToLowerInvariant()}#{workflowName}");

    public static Guid NameBased(string name) => NameBasedId.Of(Namespace, name);
}
