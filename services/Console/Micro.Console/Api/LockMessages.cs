using System.Net;
using System.Text.Json;

namespace Micro.Console.Api;

/// <summary>A lock decision in words: granted and refused alike carry the service's own message.</summary>
public static class LockMessages
{
    public static string? Of(ApiResult<JsonElement> result)
    {
        if (result.Value.ValueKind != JsonValueKind.Object)
            return null;
        var decision = result.Value.Deserialize<LockDecision>(MicroApi.Json);
        if (decision is null)
            return null;
        var verdict = result.Status == HttpStatusCode.Conflict ? "Refused" : "Done";
        return $"{verdict} ({decision.Result}): {decision.Message}";
    }
}
