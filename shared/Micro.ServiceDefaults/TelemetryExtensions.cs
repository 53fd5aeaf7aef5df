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

    /// <summary>
    /// Traces and metrics for HTTP, the bus and Micro's own instruments; exported over OTLP only when an endpoint is configured.
    /// Without one, spans are still created, so that the trace context goes on across the gateway and the bus, but not recorded:
    /// nothing would read their tags and events, and filling them in for every request and message costs CPU for nothing.
    /// </summary>
    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        var exported = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(builder.Environment.ApplicationName))
            .WithTracing(tracing =>
            {
                tracing
                    .AddAspNetCoreInstrumentation(options =>
                        options.Filter = context => !HealthPaths.Any(path => context.Request.Path.StartsWithSegments(path)))
                    .AddHttpClientInstrumentation()
                    .AddSource("MassTransit", "Yarp.ReverseProxy", MicroInstrumentationPrefix + "*");
                if (!exported)
                    tracing.SetSampler(new AlwaysOffSampler());
            })
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("MassTransit", MicroInstrumentationPrefix + "*"));

        if (exported)
            telemetry.UseOtlpExporter();

        return builder;
    }
}
