using Micro.Testing;

namespace Micro.Benchmarks;

/// <summary>The machine's ceiling: Kestrel reading each body whole and answering 202, with no verification or storage.</summary>
static class BareEndpoint
{
    public static Task<TestWebHost> Start() =>
        TestWebHost.Start(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Warning" }, _ => { }, app =>
            app.MapPost("/webhooks/github", async (HttpRequest request) =>
            {
                var buffer = new byte[16 * 1024];
                while (await request.Body.ReadAsync(buffer) > 0)
                {
                }

                return Results.Accepted();
            }));
}
