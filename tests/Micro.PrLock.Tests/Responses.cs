using System.Net.Http.Json;
using System.Text.Json;

namespace Micro.PrLock.Tests;

static class Responses
{
    public static async Task<JsonElement> Json(this HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    public static string Text(this JsonElement json, string property) => json.GetProperty(property).GetString()!;

    public static int Number(this JsonElement json, string property) => json.GetProperty(property).GetInt32();

    public static DateTimeOffset Time(this JsonElement json, string property) => json.GetProperty(property).GetDateTimeOffset();
}
