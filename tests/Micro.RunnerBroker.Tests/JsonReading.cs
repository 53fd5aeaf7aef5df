using System.Text.Json;

namespace Micro.RunnerBroker.Tests;

static class JsonReading
{
    /// <summary>A string property, or null when it is null or left out (the API leaves nulls out).</summary>
    public static string? Text(this JsonElement json, string property) =>
        json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static bool Has(this JsonElement json, string property) =>
        json.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null;
}
