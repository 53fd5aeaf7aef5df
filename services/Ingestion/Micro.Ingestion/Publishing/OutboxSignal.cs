using Micro.ServiceDefaults;

namespace Micro.Ingestion.Publishing;

/// <summary>Wakes the outbox publisher as soon as a delivery is committed; a type of its own so that only ingestion's loop hears it.</summary>
public sealed class OutboxSignal : WakeSignal;
