using System.Security.Cryptography;
using System.Text;

namespace Micro.Rerun.CircleCi;

/// <summary>Name-based UUIDs (RFC 9562 version 5): the same natural key gives the same id in every replica, across restarts.</summary>
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

    public static Guid NameBased(string name)
    {
        var namespaceBytes = Namespace.ToByteArray(bigEndian: true);
        var hash = SHA1.HashData([.. namespaceBytes, .. Encoding.UTF8.GetBytes(name)]);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
