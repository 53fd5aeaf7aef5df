using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace Micro.Ingestion.Tests;

/// <summary>What one ingestion service counts on its <c>Micro.Ingestion</c> meter, each measurement with its tags.</summary>
public sealed class IngestionMeasurements : IDisposable
{
    readonly MeterListener listener = new();
    readonly ConcurrentQueue<(string Instrument, IReadOnlyDictionary<string, object?> Tags)> measured = new();

    public IngestionMeasurements(IServiceProvider services)
    {
        var meters = services.GetRequiredService<IMeterFactory>();
        listener.InstrumentPublished = (instrument, subscriber) =>
        {
            // Other test classes' services run in this process too; only this one's meter counts.
            if (instrument.Meter.Name == "Micro.Ingestion" && instrument.Meter.Scope == meters)
                subscriber.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, _, tags, _) =>
            measured.Enqueue((instrument.Name, tags.ToArray().ToDictionary(tag => tag.Key, tag => tag.Value))));
        listener.Start();
    }

    public IReadOnlyList<IReadOnlyDictionary<string, object?>> Of(string instrument) =>
        [.. measured.Where(m => m.Instrument == instrument).Select(m => m.Tags)];

    public void Dispose() => listener.Dispose();
}
