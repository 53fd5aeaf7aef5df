using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Micro.ServiceDefaults;

public static class TelemetryExtensions
{
    /// <summary>Meter and activity source names of Micro's own instruments start with this.</summary>
    public const string MicroInstrumentationPrefix = "Micro.";

    static readonly string[] HealthPaths = ["/health"];

    /// <summary>Traces and metrics for HTTP, the bus and Micro's own instruments; exported over OTLP only when an endpoint is configured.</summary>
    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(options =>
                    options.Filter = context => !HealthPaths.Any(path => context.Request.Path.StartsWithSegments(path)))
                .AddHttpClientInstrumentation()
                .AddSource("MassTransit", "Yarp.ReverseProxy", MicroInstrumentationPrefix + "*"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit", MicroInstrumentationPrefix + "*"));

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            telemetry.UseOtlpExporter();

        return builder;
    }
}
