using Micro.Persistence.Sagas;

namespace Micro.RunnerBroker.Jobs;

/// <summary>The saga id of a GitHub Actions job: its job id is unique across GitHub, so every replica and every event finds the same saga.</summary>
public static class RunnerJobKey
{
    static readonly Guid Namespace = new("b7d0c7a4-5e0a-4f57-9a0e-3a4f6c2d8e11");

    public static Guid Of(long jobId) => NameBasedId.Of(Namespace, jobId.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
