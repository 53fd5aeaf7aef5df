using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Micro.ServiceDefaults;

public static class HealthEndpoints
{
    /// <summary>
    /// <c>/health/live</c> (process up), <c>/health/ready</c> (dependencies up) and <c>/health</c> (everything).
    /// MassTransit tags its bus check "ready", so the broker counts without extra wiring.
    /// </summary>
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", Report(check => check.Tags.Contains(HealthTags.Live)));
        endpoints.MapHealthChecks("/health/ready", Report(check => check.Tags.Contains(HealthTags.Ready)));
        endpoints.MapHealthChecks("/health", Report(_ => true));
        return endpoints;
    }

    static HealthCheckOptions Report(Func<HealthCheckRegistration, bool> predicate) => new()
    {
        Predicate = predicate,
        ResponseWriter = WriteReport,
    };

    // Names and states only: exception messages can carry connection strings.
    static Task WriteReport(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new { status = entry.Value.Status.ToString(), description = entry.Value.Description }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, HealthJson.Options, context.RequestAborted);
    }
}

file static class HealthJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
