namespace Micro.Console.Api;

/// <summary>The services whose consumers keep failed messages, each at <c>/api/{name}/dead-letters</c> (their module names).</summary>
public static class DeadLetterServices
{
    public static readonly IReadOnlyList<string> Names = ["ingestion", "rerun", "prlock", "runners", "workflows"];
}
